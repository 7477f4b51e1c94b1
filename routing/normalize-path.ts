/**
 * Path normalisation for route matching only; the upstream always gets the client's raw bytes.
 *
 * Rules, in order (RFC 3986 §6.2.2 plus two deliberate choices):
 *  0. an absolute-form target (`http://host/path`, RFC 9112 §3.2.2) is reduced to its path;
 *  1. everything from the first `?` or `#` is dropped;
 *  2. the path is split on `/` (an encoded `%2F` is data, never a separator);
 *  3. in each segment, percent-encoded unreserved characters (ALPHA DIGIT - . _ ~) are decoded and
 *     every other escape has its hex digits upper-cased (`%2f` → `%2F`); malformed escapes stay as sent;
 *  4. empty segments are dropped (duplicate slashes, leading and trailing slash);
 *  5. `.` segments are dropped and `..` removes the segment before it (never above the root),
 *     also when they were spelled `%2E` / `%2e`;
 *  6. literal route segments compare case-insensitively (ASCII), so `/API/Inquiries/1` and
 *     `/api/inquiries/1` reach the same route; parameter values keep their case.
 */
const UNRESERVED = /[A-Za-z0-9\-._~]/;
const HEX = /^[0-9A-Fa-f]{2}$/;

/** Normalise one raw segment (rule 3); the result is what patterns are matched against. */
export function normalizeSegment(segment: string): string {
  if (segment.indexOf('%') === -1) return segment;
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i];
    const hex = ch === '%' ? segment.slice(i + 1, i + 3) : '';
    if (ch === '%' && HEX.test(hex)) {
      const decoded = String.fromCharCode(parseInt(hex, 16));
      out += UNRESERVED.test(decoded) ? decoded : `%${hex.toUpperCase()}`;
      i += 2;
    } else {
      out += ch;
    }
  }
  return out;
}

const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/;

/** The path part of a request target: origin-form as is, absolute-form without scheme and authority. */
export function targetPath(rawTarget: string): string {
  if (rawTarget.charCodeAt(0) === 47 /* / */) return rawTarget;
  const m = ABSOLUTE_FORM.exec(rawTarget);
  return m === null ? rawTarget : rawTarget.slice(m[0].length) || '/';
}

/** Split a raw request target into normalised segments (rules 0–5). */
export function normalizePath(target: string): string[] {
  const rawTarget = targetPath(target);
  let end = rawTarget.length;
  const q = rawTarget.indexOf('?');
  if (q !== -1) end = q;
  const h = rawTarget.indexOf('#');
  if (h !== -1 && h < end) end = h;
  const parts = rawTarget.slice(0, end).split('/');
  const segments: string[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const seg = normalizeSegment(part);
    if (seg === '.') continue;
    if (seg === '..') {
      segments.pop();
      continue;
    }
    segments.push(seg);
  }
  return segments;
}

const OTHER_SEPARATOR = /%2F|%5C|\\/gi;

/**
 * The path as a server that reads `%2F`, `%5C` or `\` as a separator would read it (nginx, Symfony's
 * router, IIS), or null when it has none. The data plane refuses a request whose two readings reach
 * different routes, so a flag cannot be bypassed by encoding a slash.
 */
export function separatorReading(rawPath: string): string | null {
  if (rawPath.indexOf('%') === -1 && rawPath.indexOf('\\') === -1) return null;
  OTHER_SEPARATOR.lastIndex = 0;
  if (!OTHER_SEPARATOR.test(rawPath)) return null;
  return rawPath.replace(OTHER_SEPARATOR, '/');
}

/** The canonical spelling of a path, e.g. for logs and metrics: `/` + segments joined. */
export function canonicalPath(rawTarget: string): string {
  return '/' + normalizePath(rawTarget).join('/');
}

/** Percent-decode a normalised segment into a parameter value; a malformed escape leaves it as is. */
export function decodeParam(segment: string): string {
  if (segment.indexOf('%') === -1) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
