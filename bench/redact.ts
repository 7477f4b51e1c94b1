/**
 * Redaction cost per stored shadow result: compare/'s `redactDifferences` and `redactPath` on the
 * differences of realistic inquiry-detail pairs (the compare bench's generator), in µs per result,
 * beside the cost of the comparison that produced them. Figures are medians of rounds.
 * Run: `npx tsc -p . && node dist/bench/redact.js` (BENCH_QUICK=1 for a short run).
 */
import { fileURLToPath } from 'node:url';
import { compareBodies, redactDifferences, redactPath, type RedactOptions } from '../compare/index.js';
import { type Difference } from '../model/index.js';
import { makePair } from './compare.js';
import type { BenchResult } from './run-all.js';

/** Options of one bench run. */
export interface RedactBenchOptions {
  /** Rounds per case (default 7). */
  rounds: number;
  /** Time each measurement runs per round, ms (default 300). */
  roundMs: number;
}

/** µs per call of `fn` over about `ms` milliseconds. */
function perCallUs(fn: () => unknown, ms: number): number {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let k = 0; k < 5; k++) fn();
    n += 5;
    now = performance.now();
  }
  return ((now - start) * 1000) / n;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** An inquiry detail whose candidate lists the messages in the other order: every message differs (free text, names). */
function reorderedPair(bytes: number): { legacy: string; candidate: string } {
  const { legacy } = makePair(bytes);
  const doc = JSON.parse(legacy) as { data: { inquiry: { messages: unknown[] } } };
  doc.data.inquiry.messages.reverse();
  return { legacy, candidate: JSON.stringify(doc) };
}

/** Run every case and return the figures. */
export async function run(opts: Partial<RedactBenchOptions> = {}): Promise<BenchResult> {
  const o: RedactBenchOptions = { rounds: opts.rounds ?? 7, roundMs: opts.roundMs ?? 300 };
  const figures: Record<string, number> = {};
  // One options object for the run, as a route has in production (its matchers compile once).
  const redact: RedactOptions = { secret: 'bench-key' };
  const path = '/api/inquiries/104729';
  const cases: [string, { legacy: string; candidate: string }][] = [
    ['inquiry_4kb_few', makePair(4 * 1024)],
    ['inquiry_4kb_reordered', reorderedPair(4 * 1024)],
    ['inquiry_100kb_few', makePair(100 * 1024)],
  ];
  for (const [name, pair] of cases) {
    const input = { contentType: 'application/json', legacy: Buffer.from(pair.legacy), candidate: Buffer.from(pair.candidate), rules: {} };
    const differences: Difference[] = compareBodies(input).differences;
    const redactOne = () => {
      redactDifferences(differences, redact);
      redactPath(path, redact);
    };
    const compareOne = () => compareBodies(input);
    for (let i = 0; i < 50; i++) {
      redactOne();
      compareOne();
    }
    const r: number[] = [];
    const c: number[] = [];
    for (let k = 0; k < o.rounds; k++) {
      r.push(perCallUs(redactOne, o.roundMs));
      c.push(perCallUs(compareOne, o.roundMs));
    }
    figures[`${name}_differences`] = differences.length;
    figures[`${name}_redact_us_per_result`] = Math.round(median(r) * 10) / 10;
    figures[`${name}_compare_us_per_result`] = Math.round(median(c) * 10) / 10;
  }
  return { name: 'redact', figures, targets: {} };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const quick = process.env.BENCH_QUICK === '1';
  const result = await run(quick ? { rounds: 3, roundMs: 100 } : {});
  for (const [k, v] of Object.entries(result.figures)) console.log(`${k.padEnd(44)} ${v}`);
}
