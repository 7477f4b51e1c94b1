import type { AcceptedByRule } from './accepted-by-rule.js';
import type { CompareRules } from './rules.js';
import type { Difference } from '../model/difference.js';
import { DEFAULT_COMPARED_HEADERS, compareHeaders } from './headers.js';
import type { HeaderMap } from './headers.js';
import { answerShape } from './shape.js';
import { compareJson, compareJsonIfExact } from './json-diff.js';
import type { JsonComparison } from './json-diff.js';
import { likelyHasLongIntegers, parseJsonExact, parseJsonFast } from './json-text.js';
import { compareJsonTexts } from './json-lockstep.js';
import { bodyHash, compareText } from './text-diff.js';

/** How a pair of bodies was compared. */
export type BodyKind = 'json' | 'text' | 'bytes';

/** The result of comparing two answers' bodies. */
export interface Comparison {
  equal: boolean;
  differences: Difference[];
  /** JSON structural diff, text line diff, or equality by hash. */
  kind: BodyKind;
  /** True when the differences stopped at the limit. */
  truncated: boolean;
  /** For `json`: which side did not parse (then the bodies were compared as text). */
  invalidJson?: 'legacy' | 'candidate' | 'both';
  /** Differences a rule accepted, per rule and pattern (reports list them as "accepted by rule"). */
  accepted: AcceptedByRule[];
  /** For `json`: nesting past MAX_DEPTH (CMP_ERR_TOO_DEEP); the bodies were compared by hash. */
  tooDeep?: true;
  /** With `shape: true` and a JSON legacy body: its generalised leaf paths (for `NoiseModel`'s coverage). */
  shape?: string[];
}

/** Input of `compareBodies`; bodies are already decompressed by the caller. */
export interface CompareBodiesInput {
  /** The primary's Content-Type header (parameters allowed); missing means bytes. */
  contentType?: string | null;
  legacy: Uint8Array | string;
  candidate: Uint8Array | string;
  rules?: CompareRules;
  /** Stop after this many differences (default 1000, to bound what is stored). */
  limit?: number;
  /** Both sides' response headers: when both are given, the headers the rules name are compared too. */
  legacyHeaders?: HeaderMap | null;
  candidateHeaders?: HeaderMap | null;
  /** Also answer the legacy body's shape (`Comparison.shape`), e.g. for a noise sample. */
  shape?: boolean;
}

const JSON_TYPE = /^(application|text)\/(?:[\w.+-]+\+)?json$/;
const TEXT_TYPE = /^(text\/[\w.+-]+|application\/(?:[\w.+-]+\+)?xml|application\/(?:x-)?javascript|application\/x-www-form-urlencoded)$/;
const decoder = new TextDecoder('utf-8');

/** Which comparison a Content-Type gets: JSON types → `json`, text/HTML/XML → `text`, else `bytes`. */
export function bodyKind(contentType: string | null | undefined): BodyKind {
  if (!contentType) return 'bytes';
  const mime = contentType.split(';')[0].trim().toLowerCase();
  if (JSON_TYPE.test(mime)) return 'json';
  if (TEXT_TYPE.test(mime)) return 'text';
  return 'bytes';
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function asText(body: Uint8Array | string): string {
  return typeof body === 'string' ? body : decoder.decode(body);
}

function sameBytes(a: Uint8Array | string, b: Uint8Array | string): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  const x = typeof a === 'string' ? Buffer.from(a) : a;
  const y = typeof b === 'string' ? Buffer.from(b) : b;
  return Buffer.compare(x, y) === 0;
}

/**
 * Compare two answers: their bodies by content type, and their headers when both sides' are given.
 * The one comparison entry point (shadow/, the CLI). Never throws on any body: JSON that does not parse
 * is compared as text, JSON nested past MAX_DEPTH and a failure inside the comparison (a bug) fall back
 * to equality by hash. Rules that are invalid do throw (CMP_ERR_INVALID_RULES), since config
 * validation should catch them first.
 */
export function compareBodies(input: CompareBodiesInput): Comparison {
  const body = compareBodiesOnly(input);
  if (input.shape === true && body.kind === 'json') body.shape = shapeOf(input.legacy);
  if (input.legacyHeaders == null || input.candidateHeaders == null) return body;
  const h = compareHeaders(input.legacyHeaders, input.candidateHeaders, input.rules?.headers ?? DEFAULT_COMPARED_HEADERS);
  if (h.length === 0) return body;
  return { ...body, equal: false, differences: [...h, ...body.differences] };
}

function shapeOf(legacy: Uint8Array | string): string[] | undefined {
  try {
    return answerShape(parseJsonFast(stripBom(asText(legacy))));
  } catch {
    return undefined;
  }
}

function compareBodiesOnly(input: CompareBodiesInput): Comparison {
  try {
    return compareBodiesOrThrow(input);
  } catch (err) {
    if ((err as { code?: string }).code !== 'CMP_ERR_TOO_DEEP') throw err;
    return { ...byHash(input), tooDeep: true };
  }
}

function compareBodiesOrThrow(input: CompareBodiesInput): Comparison {
  const limit = input.limit ?? 1000;
  const kind = bodyKind(input.contentType);
  if (kind === 'json') {
    const a = stripBom(asText(input.legacy));
    const b = stripBom(asText(input.candidate));
    if (a === b) return { equal: true, differences: [], kind: 'json', truncated: false, accepted: [] };
    // Both texts read side by side, parsing only the values that differ (json-lockstep.ts): a little
    // faster than JSON.parse of both texts alone at 4 KB, about twice as fast at 100 KB, and 2.5× the
    // exact parser on 100 KB with 64-bit ids. The whole texts are parsed when it cannot answer (array
    // rules, invalid or spaced-out text, documents that differ in more than half their text).
    const lockstep = lockstepOrNull(a, b, input.rules, limit);
    if (lockstep !== null) return { ...lockstep, kind: 'json' };
    if (likelyHasLongIntegers(a) || likelyHasLongIntegers(b)) {
      // The exact parser at once, rather than after a JSON.parse that would round the ids.
      const exact = compareExactly(a, b, input, limit);
      if (exact !== null) return exact;
    }
    let va: unknown;
    let vb: unknown;
    let bad: 'legacy' | 'candidate' | 'both' | undefined;
    try {
      va = parseJsonFast(a, 'legacy');
    } catch {
      bad = 'legacy';
    }
    try {
      vb = parseJsonFast(b, 'candidate');
    } catch {
      bad = bad === undefined ? 'candidate' : 'both';
    }
    if (bad === undefined) {
      return guarded(input, () => {
        // plain JSON.parse first; the exact parser only when a number may have been rounded
        const fast = compareJsonIfExact(va, vb, input.rules, { limit });
        const r: JsonComparison =
          fast ?? compareJson(parseJsonExact(a, 'legacy', va), parseJsonExact(b, 'candidate', vb), input.rules, { limit });
        return { ...r, kind: 'json' };
      });
    }
    return guarded(input, () => ({ ...compareText(a, b, { limit }), kind: 'json', invalidJson: bad }));
  }
  if (kind === 'text') {
    return guarded(input, () => ({ ...compareText(asText(input.legacy), asText(input.candidate), { limit }), kind: 'text' }));
  }
  return byHash(input);
}

/** The side-by-side comparison, or null for the plain path (also when it fails on what the plain path may still answer). */
function lockstepOrNull(a: string, b: string, rules: CompareRules | undefined, limit: number): JsonComparison | null {
  try {
    return compareJsonTexts(a, b, rules, { limit });
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('CMP_ERR_')) throw err;
    return null;
  }
}

/** Parse both sides exactly and compare; null when a side is not JSON (the caller says which). */
function compareExactly(a: string, b: string, input: CompareBodiesInput, limit: number): Comparison | null {
  let va: unknown;
  let vb: unknown;
  try {
    va = parseJsonExact(a, 'legacy');
    vb = parseJsonExact(b, 'candidate');
  } catch {
    return null;
  }
  return guarded(input, () => ({ ...compareJson(va, vb, input.rules, { limit }), kind: 'json' }));
}

function guarded(input: CompareBodiesInput, run: () => Comparison): Comparison {
  try {
    return run();
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('CMP_ERR_')) throw err;
    // e.g. a RangeError on absurdly deep nesting: still answer, by hash
    return byHash(input);
  }
}

function byHash(input: CompareBodiesInput): Comparison {
  if (sameBytes(input.legacy, input.candidate)) return { equal: true, differences: [], kind: 'bytes', truncated: false, accepted: [] };
  const d: Difference = { path: '$', kind: 'changed', legacy: bodyHash(input.legacy), candidate: bodyHash(input.candidate) };
  return { equal: false, differences: [d], kind: 'bytes', truncated: false, accepted: [] };
}
