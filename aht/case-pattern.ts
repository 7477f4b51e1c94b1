import { AHT_ERR_BAD_CASE_PATTERN } from './errors.js';

/** One path segment of a pattern: a literal, a `:name` parameter, or a final `*` (the rest). */
export type PatternSegment = { literal: string } | { param: string } | { rest: true };

/** A compiled `"METHOD /pattern"` (method null = any method). */
export interface CasePattern {
  readonly text: string;
  readonly method: string | null;
  readonly segments: readonly PatternSegment[];
  /** The path parameters when method and path match, else null. */
  match(method: string, path: string): Record<string, string> | null;
}

/**
 * Compile a path pattern like `/api/inquiries/:id` (`:name` matches one non-empty segment, a final `*`
 * the rest). Matching is case-sensitive and exact on segment count, like the SQL form in sql/.
 */
export function compilePathPattern(method: string | null, pattern: string, label = pattern): CasePattern {
  if (!pattern.startsWith('/')) throw new AHT_ERR_BAD_CASE_PATTERN(label, pattern);
  const parts = pattern.split('/').slice(1);
  const segments: PatternSegment[] = parts.map((p, i) => {
    if (p === '*' && i === parts.length - 1) return { rest: true as const };
    if (p.startsWith(':') && p.length > 1) return { param: p.slice(1) };
    return { literal: p };
  });
  const hasRest = segments.length > 0 && 'rest' in segments[segments.length - 1];
  const fixed = hasRest ? segments.length - 1 : segments.length;
  return Object.freeze({
    text: method === null ? pattern : `${method} ${pattern}`,
    method,
    segments: Object.freeze(segments),
    match(m: string, path: string): Record<string, string> | null {
      if (method !== null && m !== method) return null;
      const got = path.split('/');
      if (got[0] !== '') return null;
      const rest = got.slice(1);
      if (hasRest ? rest.length <= fixed : rest.length !== fixed) return null;
      const params: Record<string, string> = {};
      for (let i = 0; i < fixed; i++) {
        const s = segments[i];
        if ('literal' in s) {
          if (rest[i] !== s.literal) return null;
        } else if ('param' in s) {
          if (rest[i] === '') return null;
          params[s.param] = rest[i];
        }
      }
      return params;
    },
  });
}

/** Compile an `aht.cases[]` start or end: `"METHOD /pattern"` (method in any case). `caseName` labels errors. */
export function compileCasePattern(text: string, caseName: string): CasePattern {
  const m = /^([A-Za-z]+)\s+(\/\S*)$/.exec(text.trim());
  // No `*` in case patterns: a screen is one fixed path shape, and SQL matches it exactly by segment count.
  if (m === null || m[2].split('/').includes('*')) throw new AHT_ERR_BAD_CASE_PATTERN(caseName, text);
  // The config schema allows `get /x`; requests carry upper-case methods.
  return compilePathPattern(m[1].toUpperCase(), m[2], caseName);
}
