import { CMP_ERR_INVALID_PATH } from './errors.js';

/** One step of a concrete path: an object key or an array index. */
export type PathStep = string | number;

/** One step of a path pattern. `desc` is `..name` (at any depth), `any` is `[*]` / `.*`. */
export type PatternStep =
  | { t: 'key'; name: string }
  | { t: 'index'; index: number }
  | { t: 'any' }
  | { t: 'desc'; name: string | null };

/** `[A-Za-z_$][A-Za-z0-9_$]*`, by char codes: a difference's path is formatted step by step, and this
 * loop costs a fraction of a RegExp test on the short keys of JSON answers. */
function isIdentifier(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
    if (!letter && (i === 0 || c < 48 || c > 57)) return false;
  }
  return true;
}

/** Format one step the way difference paths show it: `.name`, `[3]` or `['a.b']`. */
export function formatStep(step: PathStep): string {
  if (typeof step === 'number') return `[${step}]`;
  if (isIdentifier(step)) return `.${step}`;
  return `['${step.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

/** Format a concrete path: `$.data.items[3].price`, `$['a.b']`. */
export function formatPath(steps: readonly PathStep[]): string {
  let out = '$';
  for (const s of steps) out += formatStep(s);
  return out;
}

/** Parse a path pattern (`$.a[*].b`, `$..request_id`, `$['a.b'][2]`); throws CMP_ERR_INVALID_PATH. */
export function parsePathPattern(text: string): PatternStep[] {
  const fail = (why: string): never => {
    throw new CMP_ERR_INVALID_PATH(JSON.stringify(text), why);
  };
  if (typeof text !== 'string' || !text.startsWith('$')) fail('a path starts with `$`');
  const steps: PatternStep[] = [];
  let i = 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '.') {
      const desc = text[i + 1] === '.';
      i += desc ? 2 : 1;
      if (text[i] === '[') {
        // `$..['a.b']` or `$..[*]`
        if (!desc) fail(`unexpected \`[\` after \`.\` at ${i}`);
        const [step, next] = readBracket(text, i, fail);
        if (step.t === 'index') fail('`..` needs a key, not an index');
        steps.push({ t: 'desc', name: step.t === 'key' ? step.name : null });
        i = next;
        continue;
      }
      let j = i;
      while (j < text.length && text[j] !== '.' && text[j] !== '[') j++;
      const name = text.slice(i, j);
      if (name === '') fail(`empty key at ${i}`);
      if (/[\]'"]/.test(name)) fail(`\`${name}\` needs brackets: ['…']`);
      if (desc) steps.push({ t: 'desc', name: name === '*' ? null : name });
      else steps.push(name === '*' ? { t: 'any' } : { t: 'key', name });
      i = j;
    } else if (c === '[') {
      const [step, next] = readBracket(text, i, fail);
      steps.push(step);
      i = next;
    } else {
      fail(`unexpected \`${c}\` at ${i}`);
    }
  }
  return steps;
}

function readBracket(text: string, i: number, fail: (why: string) => never): [PatternStep, number] {
  const q = text[i + 1];
  if (q === "'" || q === '"') {
    let j = i + 2;
    let name = '';
    while (j < text.length && text[j] !== q) {
      if (text[j] === '\\' && j + 1 < text.length) j++;
      name += text[j];
      j++;
    }
    if (text[j] !== q || text[j + 1] !== ']') fail(`unterminated quoted key at ${i}`);
    return [{ t: 'key', name }, j + 2];
  }
  const end = text.indexOf(']', i);
  if (end < 0) fail(`unterminated \`[\` at ${i}`);
  const inner = text.slice(i + 1, end).trim();
  if (inner === '*') return [{ t: 'any' }, end + 1];
  if (!/^\d+$/.test(inner)) fail(`\`[${inner}]\` is neither an index, \`*\` nor a quoted key`);
  return [{ t: 'index', index: Number(inner) }, end + 1];
}

/** A set of patterns matched step by step while walking a tree (an NFA: no backtracking). */
export class PathMatcher<Tag> {
  private readonly patterns: { steps: PatternStep[]; tag: Tag }[] = [];

  /** Add a pattern (already parsed or as text) carrying `tag`. */
  add(pattern: string | PatternStep[], tag: Tag): void {
    this.patterns.push({ steps: typeof pattern === 'string' ? parsePathPattern(pattern) : pattern, tag });
  }

  /** True when no pattern was added: callers skip matching entirely. */
  get empty(): boolean {
    return this.patterns.length === 0;
  }

  /** The state at the root `$`. */
  root(): MatchState {
    const s: number[] = [];
    for (let p = 0; p < this.patterns.length; p++) s.push(p, 0);
    return s;
  }

  /** Advance `state` by one step. States are flat pairs [pattern, position, …]. */
  step(state: MatchState, step: PathStep): MatchState {
    if (state.length === 0) return state;
    const out: number[] = [];
    for (let k = 0; k < state.length; k += 2) {
      const p = state[k];
      const pos = state[k + 1];
      const steps = this.patterns[p].steps;
      if (pos >= steps.length) continue;
      const ps = steps[pos];
      switch (ps.t) {
        case 'key':
          if (step === ps.name) push(out, p, pos + 1);
          break;
        case 'index':
          if (step === ps.index) push(out, p, pos + 1);
          break;
        case 'any':
          push(out, p, pos + 1);
          break;
        case 'desc':
          push(out, p, pos);
          if (ps.name === null || step === ps.name) push(out, p, pos + 1);
          break;
      }
    }
    return out;
  }

  /** The tags of patterns that end exactly at this state. */
  matches(state: MatchState): Tag[] {
    const tags: Tag[] = [];
    for (let k = 0; k < state.length; k += 2) {
      const pat = this.patterns[state[k]];
      if (state[k + 1] === pat.steps.length) tags.push(pat.tag);
    }
    return tags;
  }

  /** True when a full concrete path matches any pattern with `tag`. */
  test(steps: readonly PathStep[], tag?: Tag): boolean {
    let st = this.root();
    for (const s of steps) st = this.step(st, s);
    const tags = this.matches(st);
    return tag === undefined ? tags.length > 0 : tags.includes(tag);
  }
}

/** A matcher state: flat pairs of (pattern index, position). */
export type MatchState = number[];

function push(out: number[], p: number, pos: number): void {
  for (let k = 0; k < out.length; k += 2) if (out[k] === p && out[k + 1] === pos) return;
  out.push(p, pos);
}

/** Parse a concrete difference path back into steps (`[*]` is not allowed here). */
export function parsePath(text: string): PathStep[] {
  return parsePathPattern(text).map((s) => {
    if (s.t === 'key') return s.name;
    if (s.t === 'index') return s.index;
    throw new CMP_ERR_INVALID_PATH(JSON.stringify(text), 'a concrete path has no `*` or `..`');
  });
}

/** Replace every array index with `[*]`: `$.items[3].price` → `$.items[*].price`. */
export function generalizePath(path: string): string {
  let steps: PatternStep[];
  try {
    steps = parsePathPattern(path);
  } catch {
    return path.replace(/\[\d+\]/g, '[*]');
  }
  let out = '$';
  for (const s of steps) {
    if (s.t === 'index' || s.t === 'any') out += '[*]';
    else if (s.t === 'key') out += formatStep(s.name);
    else out += s.name === null ? '..*' : `..${formatStep(s.name).replace(/^\./, '')}`;
  }
  return out;
}
