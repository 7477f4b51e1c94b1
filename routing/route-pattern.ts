import { PRX_ERR_BAD_PATTERN } from './errors.js';
import { decodeParam, normalizeSegment } from './normalize-path.js';

/** One segment of a compiled pattern. */
export type PatternSegment =
  | { kind: 'literal'; value: string }
  | { kind: 'param'; name: string }
  | { kind: 'rest'; name: string };

/** A pattern like `/api/inquiries/:id` compiled once at start-up. */
export interface CompiledPattern {
  readonly source: string;
  readonly segments: readonly PatternSegment[];
  /** Parameter names in order (a final `*` is named `*`). */
  readonly params: readonly string[];
  /** Sort key: literal before param before rest, segment by segment (the more specific pattern wins). */
  readonly rank: string;
  /** Match normalised segments (see normalize-path.ts); returns decoded params or null. */
  match(segments: readonly string[]): Record<string, string> | null;
}

const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Compile a path pattern: `/literal`, `/:name` (one segment), and a final `/*` (one or more
 * remaining segments, returned as param `*`). Literals are normalised like request paths and
 * compared case-insensitively. Throws PRX_ERR_BAD_PATTERN.
 */
export function compilePattern(pattern: string): CompiledPattern {
  if (!pattern.startsWith('/')) throw new PRX_ERR_BAD_PATTERN(pattern, 'it must start with /');
  if (/[?#]/.test(pattern)) throw new PRX_ERR_BAD_PATTERN(pattern, 'query strings and fragments are not matched');
  const raw = pattern.split('/').filter((s) => s !== '');
  const segments: PatternSegment[] = [];
  const names = new Set<string>();
  raw.forEach((part, i) => {
    if (part === '*') {
      if (i !== raw.length - 1) throw new PRX_ERR_BAD_PATTERN(pattern, '* is allowed only as the last segment');
      segments.push({ kind: 'rest', name: '*' });
    } else if (part.startsWith(':')) {
      const name = part.slice(1);
      if (!PARAM_NAME.test(name)) throw new PRX_ERR_BAD_PATTERN(pattern, `":${name}" is not a valid parameter name`);
      if (names.has(name)) throw new PRX_ERR_BAD_PATTERN(pattern, `parameter ":${name}" appears twice`);
      names.add(name);
      segments.push({ kind: 'param', name });
    } else {
      const seg = normalizeSegment(part);
      if (seg === '.' || seg === '..') throw new PRX_ERR_BAD_PATTERN(pattern, 'dot segments are not allowed');
      if (seg.includes('*') || seg.includes(':')) {
        throw new PRX_ERR_BAD_PATTERN(pattern, `segment "${part}" mixes a literal with : or *`);
      }
      segments.push({ kind: 'literal', value: seg.toLowerCase() });
    }
  });
  const rank = segments.map((s) => (s.kind === 'literal' ? '0' : s.kind === 'param' ? '1' : '2')).join('');
  const hasRest = segments.length > 0 && segments[segments.length - 1].kind === 'rest';
  const fixed = hasRest ? segments.length - 1 : segments.length;
  return Object.freeze({
    source: pattern,
    segments: Object.freeze(segments),
    params: Object.freeze(segments.filter((s) => s.kind !== 'literal').map((s) => (s as { name: string }).name)),
    rank,
    match(input: readonly string[]): Record<string, string> | null {
      if (hasRest ? input.length <= fixed : input.length !== fixed) return null;
      let params: Record<string, string> | null = null;
      for (let i = 0; i < fixed; i++) {
        const seg = segments[i];
        const got = input[i];
        if (seg.kind === 'literal') {
          if (seg.value.length !== got.length || seg.value !== got.toLowerCase()) return null;
        } else {
          (params ??= {})[(seg as { name: string }).name] = decodeParam(got);
        }
      }
      if (hasRest) (params ??= {})['*'] = input.slice(fixed).map(decodeParam).join('/');
      return params ?? {};
    },
  });
}

/** True when some path matches both patterns (used to reject two routes that tie). */
export function patternsOverlap(a: CompiledPattern, b: CompiledPattern): boolean {
  const n = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const x = a.segments[i];
    const y = b.segments[i];
    // One pattern ended: it needs exactly i segments, the other at least i + 1.
    if (x === undefined || y === undefined) return false;
    if (x.kind === 'rest' || y.kind === 'rest') return true;
    if (x.kind === 'literal' && y.kind === 'literal' && x.value !== y.value) return false;
  }
  return true;
}

/** A `"METHOD /pattern"` spec as used by aht.cases. */
export interface RouteSpec {
  method: string;
  pattern: CompiledPattern;
}

/** Parse `"GET /api/inquiries/:id"` into a method and a compiled pattern (aht/ uses the same rules). */
export function parseRouteSpec(spec: string): RouteSpec {
  const m = /^\s*([A-Za-z]+)\s+(\/\S*)\s*$/.exec(spec);
  if (m === null) throw new PRX_ERR_BAD_PATTERN(spec, 'expected "METHOD /pattern"');
  return { method: m[1].toUpperCase(), pattern: compilePattern(m[2]) };
}
