import { LosslessNumber } from 'lossless-json';
import { canonicalNumber, jsonType } from './canonical.js';
import type { Difference } from '../model/difference.js';
import { formatPath, parsePath } from './path.js';
import type { MatchState, PathStep } from './path.js';
import { holdsPii } from './redact-detectors.js';
import { isRedactedToken } from './redact-hash.js';
import { isIdKey, isSafeIdentifier, isSafeSegment, policyOf } from './redact-policy.js';
import type { RedactOptions, RedactPolicy } from './redact-policy.js';
import { shapeOf } from './redact-shape.js';

/**
 * The one redaction of strangler, deny by default: every place that writes request data (events and
 * their log line, shadow results, exports, reports, the dashboard) goes through these functions.
 * - a string in a difference becomes `redacted:<keyed hash> shape:<shape>` unless its path is on the
 *   allow-list and no detector fires; numbers, booleans and null stay unless a detector or a denied
 *   key says otherwise;
 * - a path segment, case id or query value stays only when it is a safe identifier (or, for a segment,
 *   a lower-case code word; for a query value, an allowed key) and no detector fires; else `redacted:<hash>`.
 * docs/security.md describes the notation, the allow-list and the key.
 */

/** Strings parsed as JSON and redacted inside, at most this deep (an echoed body in an echoed body…). */
const MAX_NESTING = 3;
/** Longer strings are not parsed: they are hashed whole. */
const MAX_NESTED_CHARS = 65_536;

interface Ctx {
  p: RedactPolicy;
  allowSt: MatchState;
  denySt: MatchState;
  allowed: boolean;
  denied: boolean;
  key: string | null;
}

function stepCtx(c: Ctx, step: PathStep): Ctx {
  const p = c.p;
  const allowSt = p.allow.empty || c.allowed ? c.allowSt : p.allow.step(c.allowSt, step);
  const denySt = p.deny.empty || c.denied ? c.denySt : p.deny.step(c.denySt, step);
  const key = typeof step === 'string' ? step : c.key;
  return {
    p,
    allowSt,
    denySt,
    allowed: c.allowed || (allowSt.length > 0 && p.allow.matches(allowSt).length > 0),
    denied: c.denied || (typeof step === 'string' && p.isDeniedKey(step)) || (denySt.length > 0 && p.deny.matches(denySt).length > 0),
    key,
  };
}

function rootCtx(p: RedactPolicy): Ctx {
  return { p, allowSt: p.allow.root(), denySt: p.deny.root(), allowed: false, denied: false, key: null };
}

/** An object key as stored: kept unless it holds personal data or non-ASCII text, else its hash. */
function redactKeyWith(key: string, p: RedactPolicy): string {
  if (isRedactedToken(key)) return key;
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(key) || holdsPii(key) ? p.token(key) : key;
}

function redactString(s: string, c: Ctx, depth: number): string {
  if (isRedactedToken(s)) return s;
  const nested = depth < MAX_NESTING && s.length <= MAX_NESTED_CHARS ? parseNested(s) : undefined;
  if (nested !== undefined) return JSON.stringify(walk(nested, c, depth + 1));
  const keep = !c.denied && (c.allowed || (c.key !== null && isIdKey(c.key) && isSafeIdentifier(s)));
  return keep && !holdsPii(s) ? s : c.p.tokenWithShape(s);
}

/** A string that is itself a JSON object or array (an echoed request body), parsed; else undefined. */
function parseNested(s: string): unknown {
  let i = 0;
  while (i < s.length && (s[i] === ' ' || s[i] === '\n' || s[i] === '\r' || s[i] === '\t')) i++;
  if (s[i] !== '{' && s[i] !== '[') return undefined;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return undefined;
  }
}

function walk(v: unknown, c: Ctx, depth: number): unknown {
  // An exact 64-bit number becomes its digits, as JSON.stringify writes it: a class instance would
  // not survive structured cloning (worker threads) on its way to the store.
  if (v instanceof LosslessNumber) return redactNumber(v.value, v.value, c);
  switch (jsonType(v)) {
    case 'string':
      return redactString(v as string, c, depth);
    case 'number':
      return redactNumber(canonicalNumber(v), v, c);
    case 'array':
      return (v as unknown[]).map((x, i) => walk(x, stepCtx(c, i), depth));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[redactKeyWith(k, c.p)] = walk(x, stepCtx(c, k), depth);
      return out;
    }
    default:
      return v;
  }
}

// Numbers are not free text and stay, unless under a denied key or path, or a card or phone number.
function redactNumber(digits: string, value: unknown, c: Ctx): unknown {
  if (c.denied || (digits.length >= 10 && holdsPii(digits))) return c.p.tokenWithShape(digits);
  return value;
}

/** Redact a value found at `at` (steps from `$`, default the root); returns a new value, input untouched. */
export function redactValue(value: unknown, opts: RedactOptions, at: readonly PathStep[] = []): unknown {
  let c = rootCtx(policyOf(opts));
  for (const s of at) c = stepCtx(c, s);
  return walk(value, c, 0);
}

/**
 * Redact differences before they are stored or shown: both values, by their path, and the path's keys.
 * The result is plain JSON data (exact 64-bit numbers become their digit strings), safe to clone.
 */
export function redactDifferences(differences: readonly Difference[], opts: RedactOptions): Difference[] {
  const p = policyOf(opts);
  return differences.map((d) => {
    if (d.path.startsWith(HEADER_PATH)) return redactHeaderDifference(d, p, opts);
    let c = rootCtx(p);
    let path: string;
    try {
      const steps = parsePath(d.path);
      for (const s of steps) c = stepCtx(c, s);
      path = formatPath(steps.map((s) => (typeof s === 'string' ? redactKeyWith(s, p) : s)));
    } catch {
      // a path we did not produce: hashed whole, its values redacted as if at the root
      path = isRedactedToken(d.path) ? d.path : formatPath([p.token(d.path)]);
    }
    const out: Difference = { path, kind: d.kind };
    if ('legacy' in d) out.legacy = walk(d.legacy, c, 0);
    if ('candidate' in d) out.candidate = walk(d.candidate, c, 0);
    return out;
  });
}

/** Header differences (compare/headers.ts) have paths `headers.<lower-case name>`, not JSON paths. */
const HEADER_PATH = 'headers.';
// Headers whose compared form carries no customer data: media types, cache directives, the presence of
// an ETag, and Set-Cookie's cookie names and attributes (compare/headers.ts drops cookie values).
const PLAIN_HEADERS = new Set(['content-type', 'cache-control', 'etag', 'set-cookie']);

/**
 * A header difference keeps its path, so a reviewer sees which header differs. Its values stay readable
 * for the plain headers unless a detector fires; `Location` is redacted as a request path; anything else
 * (a `Content-Disposition` filename may name a person) is hashed with its shape.
 */
function redactHeaderDifference(d: Difference, p: RedactPolicy, opts: RedactOptions): Difference {
  const name = d.path.slice(HEADER_PATH.length);
  const value = (v: unknown): unknown => {
    if (typeof v !== 'string') return v;
    if (name === 'location') return redactPath(v, opts);
    return PLAIN_HEADERS.has(name) && !holdsPii(v) ? v : walk(v, rootCtx(p), 0);
  };
  const out: Difference = { path: /^headers\.[a-z0-9-]+$/.test(d.path) ? d.path : HEADER_PATH + p.token(name), kind: d.kind };
  if ('legacy' in d) out.legacy = value(d.legacy);
  if ('candidate' in d) out.candidate = value(d.candidate);
  return out;
}

function decodeSegment(seg: string): string {
  if (!seg.includes('%')) return seg;
  try {
    return decodeURIComponent(seg);
  } catch {
    return seg;
  }
}

/** One path segment as stored: kept when safe and free of personal data, else `redacted:<hash>` of its decoded text. */
export function redactSegment(segment: string, opts: RedactOptions): string {
  const decoded = decodeSegment(segment);
  const p = policyOf(opts);
  return (isSafeSegment(decoded) || p.isRouteLiteral(decoded)) && !safeHoldsPii(decoded) ? segment : p.token(decoded);
}

/**
 * `holdsPii` for a value already known to be a safe identifier or code word (ASCII, no `@`): only a
 * card or phone number can hide there, and both need 10 digits or more. The request path's short cut.
 */
function safeHoldsPii(value: string): boolean {
  if (value.length < 10) return false;
  let digits = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  return digits >= 10 && holdsPii(value);
}

/**
 * A case id as stored: kept when it is a safe identifier (`12345`, `INQ-1024`, a UUID) holding no card
 * or phone number, else `redacted:<hash>`; the same value hashes alike in paths and case ids.
 */
export function redactCaseId(caseId: string, opts: RedactOptions): string {
  // Hashed decoded, as path segments are: a case id read percent-encoded (an imported log) joins a live one.
  return isSafeIdentifier(caseId) && !safeHoldsPii(caseId) ? caseId : policyOf(opts).token(decodeSegment(caseId));
}

/**
 * A kept query value: stays when its key is on the allow-list (as `$.key`) or it is a safe identifier,
 * its key is not a personal-data key, and no detector fires; else `redacted:<hash>`.
 */
export function redactQueryValue(key: string, value: string, opts: RedactOptions): string {
  const p = policyOf(opts);
  const keep = !p.isDeniedKey(key) && (isSafeIdentifier(value) || (!p.allow.empty && p.allow.test([key])));
  return keep && !holdsPii(value) ? value : p.token(value);
}

/** A query key as stored: a lower-case code word or identifier stays, anything else is hashed. */
export function redactQueryKey(key: string, opts: RedactOptions): string {
  return isSafeSegment(key) && !holdsPii(key) ? key : policyOf(opts).token(key);
}

/**
 * A request path as stored: each segment by `redactSegment`; a query string, when one is given, keeps
 * its keys (hashed when unsafe) and values by `redactQueryValue`.
 */
export function redactPath(pathAndQuery: string, opts: RedactOptions): string {
  const q = pathAndQuery.indexOf('?');
  const path = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  const segments = path
    .split('/')
    .map((seg) => redactSegment(seg, opts))
    .join('/');
  if (q < 0) return segments;
  const out = new URLSearchParams();
  for (const [k, v] of new URLSearchParams(pathAndQuery.slice(q + 1))) out.append(redactQueryKey(k, opts), redactQueryValue(k, v, opts));
  const qs = out.toString();
  return qs === '' ? segments : `${segments}?${qs}`;
}

/** Redaction bound to one set of options (compiled once, reused). */
export interface BoundRedactor {
  value(value: unknown, at?: readonly PathStep[]): unknown;
  differences(differences: readonly Difference[]): Difference[];
  path(pathAndQuery: string): string;
  caseId(caseId: string): string;
  queryValue(key: string, value: string): string;
}

/** Bind redaction to options once (keys and paths are compiled on first use and reused). */
export function createRedactor(opts: RedactOptions): BoundRedactor {
  const o: RedactOptions = { ...opts };
  return {
    value: (value, at) => redactValue(value, o, at),
    differences: (ds) => redactDifferences(ds, o),
    path: (p) => redactPath(p, o),
    caseId: (id) => redactCaseId(id, o),
    queryValue: (k, v) => redactQueryValue(k, v, o),
  };
}

/**
 * Belt and braces for what reports and the dashboard show, without the key: a string (or number, or
 * key) in which a detector fires becomes `redacted shape:<shape>`; values this module wrote stay.
 * Stored data is redacted already; this guards rows written by older versions.
 */
export function maskForDisplay(value: unknown): unknown {
  if (typeof value === 'string') return isRedactedToken(value) || !holdsPii(value) ? value : `redacted shape:${shapeOf(value)}`;
  if (typeof value === 'number') return holdsPii(String(value)) ? `redacted shape:${shapeOf(String(value))}` : value;
  if (Array.isArray(value)) return value.map(maskForDisplay);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [holdsPii(k) ? 'redacted' : k, maskForDisplay(v)]));
  }
  return value;
}

/** A stored request path as shown: unsafe segments (from rows of older versions) become `redacted`. */
export function maskPathForDisplay(path: string): string {
  const q = path.indexOf('?');
  const p = q < 0 ? path : path.slice(0, q);
  const masked = p
    .split('/')
    .map((seg) => {
      const decoded = decodeSegment(seg);
      return isSafeSegment(decoded) && !holdsPii(decoded) ? seg : 'redacted';
    })
    .join('/');
  if (q < 0) return masked;
  // Pairs stay as stored (a kept `tag[]` stays readable); only a key or value a detector fires on is replaced.
  const pairs = path
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawKey = eq < 0 ? pair : pair.slice(0, eq);
      const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
      const key = decodeQueryPart(rawKey);
      const value = decodeQueryPart(rawValue);
      const k = holdsPii(key) ? 'redacted' : PLAIN_QUERY_KEY.test(rawKey) ? rawKey : encodeURIComponent(key);
      if (eq < 0) return k;
      const v = PLAIN_QUERY_VALUE.test(rawValue) ? rawValue : encodeURIComponent(value);
      return `${k}=${isRedactedToken(value) || !holdsPii(value) ? v : 'redacted'}`;
    });
  return `${masked}?${pairs.join('&')}`;
}

// A pair shown as stored only when it holds nothing markup could use; anything else is percent-encoded.
const PLAIN_QUERY_KEY = /^([A-Za-z0-9._~%-]*(\[\])?|…)$/; // … marks kept values cut to fit (shadow/kept-query.ts)
const PLAIN_QUERY_VALUE = /^[A-Za-z0-9._~%+-]*$/;

function decodeQueryPart(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
