import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import {
  assertDepth,
  CMP_ERR_INVALID_RULES,
  MAX_DEPTH,
  CMP_ERR_UNREADABLE,
  CMP_ERR_USAGE,
  compareJson,
  parseJson,
  parseRules,
  stringifyJson,
} from '../compare/index.js';
import type { AcceptedByRule, CompareRules } from '../compare/index.js';
import type { Difference } from '../model/index.js';

/** Exit codes of `strangler compare` (**contract**). */
export const COMPARE_EXIT = Object.freeze({ equal: 0, different: 1, badInput: 2 });

/** Options of `strangler compare`. */
export interface CompareCommandOptions {
  rules?: string;
  json?: boolean;
}

/** Where the command writes (the process streams, or buffers in tests). */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

const processOutput: Output = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

/** Register `strangler compare LEGACY.json CANDIDATE.json [--rules FILE] [--json]`. */
export function register(program: Command): void {
  program
    .command('compare')
    .description('Compare two JSON answers as a client sees them (rules may accept named paths): exit 0 equal, 1 different, 2 bad input.')
    .argument('<legacy>', 'the legacy answer, a JSON file')
    .argument('<candidate>', 'the candidate answer, a JSON file')
    .option('--rules <file>', 'comparison rules, YAML or JSON (a rules mapping, or a config with compare.rules)')
    .option('--json', 'print {"equal", "differences": [{"path", "kind", "legacy", "candidate"}]} on stdout')
    // bad usage (a missing file argument, an unknown option) is bad input too: exit 2, not commander's 1
    .exitOverride((err) => {
      if (err.exitCode === 0) process.exit(0);
      process.stderr.write(`strangler compare: ${CMP_ERR_USAGE.code}: ${new CMP_ERR_USAGE(err.message).message}\n`);
      process.exit(COMPARE_EXIT.badInput);
    })
    .action(async (legacy: string, candidate: string, opts: CompareCommandOptions) => {
      process.exitCode = await runCompare(legacy, candidate, opts);
    });
}

/** Run the comparison and print it; returns the exit code. */
export async function runCompare(
  legacyFile: string,
  candidateFile: string,
  opts: CompareCommandOptions,
  io: Output = processOutput,
): Promise<number> {
  let legacy: unknown;
  let candidate: unknown;
  let rules: CompareRules = {};
  try {
    [legacy, candidate] = await Promise.all([readJson(legacyFile), readJson(candidateFile)]);
    if (opts.rules !== undefined) rules = await readRules(opts.rules);
    // Hostile nesting is bad input (exit 2), never a crash that would read as "different".
    assertDepth(legacy, MAX_DEPTH);
    assertDepth(candidate, MAX_DEPTH);
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'CMP_ERR_UNREADABLE';
    io.err(`strangler compare: ${code}: ${(err as Error).message}\n`);
    return COMPARE_EXIT.badInput;
  }
  const { equal, differences, accepted } = compareJson(legacy, candidate, rules);
  if (opts.json) io.out(`${stringifyJson({ equal, differences: differences.map(contractShape) })}\n`);
  else io.out(readable(equal, differences, accepted));
  return equal ? COMPARE_EXIT.equal : COMPARE_EXIT.different;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new CMP_ERR_UNREADABLE(file, (err as Error).message, err as Error);
  }
}

async function readJson(file: string): Promise<unknown> {
  return parseJson((await readText(file)).replace(/^\uFEFF/, ''), file);
}

async function readRules(file: string): Promise<CompareRules> {
  let doc: unknown;
  try {
    doc = parseYaml(await readText(file));
  } catch (err) {
    if ((err as { code?: string }).code === 'CMP_ERR_UNREADABLE') throw err;
    throw new CMP_ERR_INVALID_RULES(`${file} is not YAML or JSON: ${(err as Error).message}`, err as Error);
  }
  const compare = (doc as { compare?: { rules?: unknown } } | null)?.compare;
  return parseRules(compare !== undefined && typeof compare === 'object' ? compare.rules : doc);
}

/** The contract's key order: path, kind, legacy, candidate (absent sides stay absent). */
function contractShape(d: Difference): Difference {
  const out: Difference = { path: d.path, kind: d.kind };
  if ('legacy' in d) out.legacy = d.legacy;
  if ('candidate' in d) out.candidate = d.candidate;
  return out;
}

function show(v: unknown): string {
  const s = stringifyJson(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function acceptedLines(accepted: AcceptedByRule[]): string {
  return accepted.map((a) => `  accepted by rule  ${a.rule} ${a.pattern}  ×${a.count}\n`).join('');
}

function readable(equal: boolean, differences: Difference[], accepted: AcceptedByRule[]): string {
  if (equal) return `equal${accepted.length > 0 ? ', with differences accepted by rules' : ''}\n${acceptedLines(accepted)}`;
  const width = Math.min(60, Math.max(...differences.map((d) => d.path.length)));
  const lines = differences.map((d) => {
    const values =
      d.kind === 'added' ? `+ ${show(d.candidate)}` : d.kind === 'removed' ? `- ${show(d.legacy)}` : `${show(d.legacy)} → ${show(d.candidate)}`;
    return `  ${d.kind.padEnd(7)}  ${d.path.padEnd(width)}  ${values}`;
  });
  const n = differences.length;
  return `${n} difference${n === 1 ? '' : 's'}\n${lines.join('\n')}\n${acceptedLines(accepted)}`;
}
