import { redactPath, redactQueryValue, type RedactOptions } from '../compare/index.js';

/**
 * The request path a shadow result is stored with: the path, and of the query only the route's
 * `keepQuery` keys with their values (keys in the config's order, a repeated key's values in the
 * request's order), so `GET /api/inquiries?page=2&status=open` can be told from page 1. Other keys are
 * dropped, names and values. Unredacted: `redactStoredPath` runs before anything is stored.
 */
export function storedRequestPath(url: string, keepQuery: readonly string[]): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const path = url.slice(0, q);
  if (keepQuery.length === 0) return path;
  const hash = url.indexOf('#', q);
  const params = new URLSearchParams(hash === -1 ? url.slice(q + 1) : url.slice(q + 1, hash));
  const kept: string[] = [];
  for (const key of keepQuery) {
    for (const value of params.getAll(key)) kept.push(`${encodeKey(key)}=${encodeURIComponent(value)}`);
  }
  return kept.length === 0 ? path : `${path}?${kept.join('&')}`;
}

/**
 * Redact a stored request path (`storedRequestPath`'s output): path segments with compare/'s
 * `redactPath`, and every kept query value with `redactKeptQueryValue`. One function for the event
 * loop and the shadow threads.
 */
export function redactStoredPath(pathAndKeptQuery: string, opts: RedactOptions): string {
  const q = pathAndKeptQuery.indexOf('?');
  if (q === -1) return redactPath(pathAndKeptQuery, opts);
  const pairs = pathAndKeptQuery
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = decodeURIComponent(pair.slice(0, eq));
      const value = redactKeptQueryValue(key, decodeURIComponent(pair.slice(eq + 1)), opts);
      return `${encodeKey(key)}=${encodeURIComponent(value)}`;
    });
  const path = redactPath(pathAndKeptQuery.slice(0, q), opts);
  // shadow_results.path holds 2,048 characters on MySQL: kept values past that are cut, visibly.
  let out = `${path}?${pairs[0]}`;
  for (let i = 1; i < pairs.length; i++) {
    if (out.length + 1 + pairs[i]!.length > MAX_STORED_PATH - CUT_MARK.length) return out + CUT_MARK;
    out += `&${pairs[i]}`;
  }
  return out;
}

/** Longest stored request path with its kept query (the MySQL column holds 2,048). */
export const MAX_STORED_PATH = 2000;
/** Appended where kept query values were cut to fit. */
const CUT_MARK = '&…';

/**
 * The one call site for a kept query value's PII redaction: compare/'s `redactQueryValue` (kept when it
 * is a safe identifier or its key is allow-listed and no detector fires; a keyed hash otherwise). A
 * `tag[]` key is matched as `tag`.
 */
export function redactKeptQueryValue(key: string, value: string, opts: RedactOptions): string {
  return redactQueryValue(key.replace(/\[\]$/, ''), value, opts);
}

/** `tag[]` stays readable; anything else is percent-encoded. */
function encodeKey(key: string): string {
  return encodeURIComponent(key).replace(/%5B%5D$/, '[]');
}
