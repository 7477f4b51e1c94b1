import { AHT_ERR_BAD_CASE_PATTERN } from './errors.js';
// The proxy's path rules, reused so AHT sees the screens the proxy routes (one normaliser, one matcher).
import { normalizePath } from '../routing/normalize-path.js';
import { compilePattern, type CompiledPattern } from '../routing/route-pattern.js';

/** One path segment of a pattern: a literal (normalised, lower case), a `:name` parameter, or a final `*` (the rest). */
export type PatternSegment = { literal: string } | { param: string } | { rest: true };

/** A compiled `"METHOD /pattern"` (method null = any method). */
export interface CasePattern {
  readonly text: string;
  readonly method: string | null;
  readonly segments: readonly PatternSegment[];
  /** The path parameters (decoded) when method and path match, else null; the path is normalised first. */
  match(method: string, path: string): Record<string, string> | null;
  /** `match` on a path already split by `normalizePath()` (one normalisation for many patterns). */
  matchSegments(method: string, segments: readonly string[]): Record<string, string> | null;
}

/**
 * Compile a path pattern like `/api/inquiries/:id` (`:name` matches one non-empty segment, a final `*`
 * the rest). Matching is the proxy's: the request path is normalised (proxy/normalize-path.ts: trailing
 * and duplicate slashes, percent-encoded unreserved characters, dot segments) and literals compare
 * case-insensitively, so a case screen is recognised exactly when the proxy routes it.
 */
export function compilePathPattern(method: string | null, pattern: string, label = pattern): CasePattern {
  if (!pattern.startsWith('/')) throw new AHT_ERR_BAD_CASE_PATTERN(label, pattern);
  let compiled: CompiledPattern;
  try {
    compiled = compilePattern(pattern);
  } catch {
    throw new AHT_ERR_BAD_CASE_PATTERN(label, pattern);
  }
  const segments: PatternSegment[] = compiled.segments.map((s) =>
    s.kind === 'literal' ? { literal: s.value } : s.kind === 'param' ? { param: s.name } : { rest: true as const },
  );
  const matchSegments = (m: string, segs: readonly string[]): Record<string, string> | null =>
    method !== null && m !== method ? null : compiled.match(segs);
  return Object.freeze({
    text: method === null ? pattern : `${method} ${pattern}`,
    method,
    segments: Object.freeze(segments),
    matchSegments,
    match: (m: string, path: string) => (method !== null && m !== method ? null : compiled.match(normalizePath(path))),
  });
}

/** Compile an `aht.cases[]` start or end: `"METHOD /pattern"` (method in any case). `caseName` labels errors. */
export function compileCasePattern(text: string, caseName: string): CasePattern {
  const m = /^([A-Za-z]+)\s+(\/\S*)$/.exec(text.trim());
  // No `*` in case patterns: a screen is one fixed path shape.
  if (m === null || m[2].split('/').includes('*')) throw new AHT_ERR_BAD_CASE_PATTERN(caseName, text);
  // The config schema allows `get /x`; requests carry upper-case methods.
  return compilePathPattern(m[1].toUpperCase(), m[2], caseName);
}
