import type { StoreDialect } from '../../store/store.js';
import type { CasePattern } from '../case-pattern.js';

/** A SQL boolean expression with its `?` parameters. */
export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/**
 * `method` and `path` of a row match a case pattern, case-sensitively as in-process matching does:
 * SQLite GLOB (its LIKE ignores case), MySQL `BINARY … LIKE`; exact segment count by counting slashes,
 * so a `:param` (one or more characters) cannot swallow a `/`.
 */
export function patternCondition(p: CasePattern, dialect: StoreDialect): SqlCondition {
  const glob = dialect === 'sqlite';
  const text =
    '/' +
    p.segments
      .map((s) => ('literal' in s ? (glob ? escapeGlob(s.literal) : escapeLike(s.literal)) : glob ? '?*' : '_%'))
      .join('/');
  const slashes = `(LENGTH(path) - LENGTH(REPLACE(path, '/', ''))) = ${p.segments.length}`;
  const methodSql = p.method === null ? '' : glob ? 'method = ? AND ' : 'BINARY method = ? AND ';
  const pathSql = glob ? 'path GLOB ?' : "BINARY path LIKE ? ESCAPE '!'";
  return { sql: `(${methodSql}${pathSql} AND ${slashes})`, params: p.method === null ? [text] : [p.method, text] };
}

/** Any of several patterns. */
export function anyPatternCondition(ps: readonly CasePattern[], dialect: StoreDialect): SqlCondition {
  if (ps.length === 0) return { sql: '(1 = 0)', params: [] };
  const parts = ps.map((p) => patternCondition(p, dialect));
  return { sql: `(${parts.map((c) => c.sql).join(' OR ')})`, params: parts.flatMap((c) => c.params) };
}

function escapeGlob(s: string): string {
  return s.replace(/[*?[]/g, (c) => `[${c}]`);
}

function escapeLike(s: string): string {
  return s.replace(/[!%_]/g, (c) => `!${c}`);
}
