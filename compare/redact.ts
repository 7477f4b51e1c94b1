import { createHmac } from 'node:crypto';
import { LosslessNumber } from 'lossless-json';
import { canonicalNumber, jsonType } from './canonical.js';
import type { Difference } from '../model/difference.js';
import { PathMatcher, parsePath } from './path.js';
import type { MatchState, PathStep } from './path.js';

/**
 * Object keys whose values are personal data, or free text that may hold it, by default. Matching is case-insensitive and by word:
 * `customerEmail`, `customer_email` and `EMAIL` all match `email`; `first_name` matches `first_name`
 * and `name`.
 */
export const DEFAULT_REDACT_KEYS: readonly string[] = Object.freeze([
  'email', 'e_mail', 'mail', 'mail_address',
  'phone', 'phone_number', 'tel', 'telephone', 'mobile', 'fax',
  'name', 'first_name', 'last_name', 'full_name', 'username', 'nickname', 'kana',
  'address', 'street', 'city', 'zip', 'zipcode', 'postal_code', 'postcode',
  'birthday', 'birth_date', 'birthdate', 'dob',
  'card', 'card_number', 'cvc', 'cvv', 'iban', 'account_number',
  'token', 'password', 'passwd', 'secret', 'api_key', 'apikey', 'session', 'cookie', 'authorization',
  'ip', 'ip_address', 'ssn', 'my_number',
  // Free text written by customers and operators (inquiry messages, memos) names people in ways no
  // pattern can find; such a value is compared by its hash.
  'body', 'text', 'comment', 'note', 'memo', 'content', 'description', 'remarks',
]);

/** How to redact: the HMAC key, the keys (default `DEFAULT_REDACT_KEYS`) and extra path patterns. */
export interface RedactOptions {
  secret: string;
  keys?: readonly string[];
  paths?: readonly string[];
}

const PREFIX = 'redacted:';
// local part: RFC 5322 atext and dots. The lookbehind starts a match only where a run of such characters
// starts: without it every position of a long run without `@` was tried again (quadratic time).
const EMAIL = /(?<![A-Za-z0-9!#$%&'*+/=?^_`{|}~.-])[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// Grouped numbers (`090-1234-5678`, `+81 3 1234 5678`, `(03) 1234-5678`, `03(1234)5678`) or a bare 10–11 digit
// number starting with 0 (Japanese style); a match needs 9–15 digits, so dates and versions stay.
const PHONE =
  /(?<![\w.+])(?:\+\d{1,3}[\s-]?)?(?:\(\d{1,5}\)[\s-]?|\d{1,5}[\s-])\d{1,4}[\s-]\d{3,4}(?![\w])|(?<![\w.])0\d{1,4}\(\d{1,4}\)\d{3,4}(?![\w])|(?<![\w.])0\d{9,10}(?![\w])/g;

interface Redactor {
  hash(v: string): string;
  scrub(text: string): string;
  isKey(key: string): boolean;
  matcher: PathMatcher<true>;
}

const redactors = new WeakMap<RedactOptions, Redactor>();

function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

function redactor(opts: RedactOptions): Redactor {
  let r = redactors.get(opts);
  if (r !== undefined) return r;
  const wanted = new Set((opts.keys ?? DEFAULT_REDACT_KEYS).map((k) => words(k).join('_')));
  const seen = new Map<string, boolean>();
  const matcher = new PathMatcher<true>();
  for (const p of opts.paths ?? []) matcher.add(p, true);
  const secret = opts.secret;
  r = {
    hash: (v) => PREFIX + createHmac('sha256', secret).update(v).digest('hex').slice(0, 16),
    scrub: (text) => scrubText(text, opts),
    isKey(key) {
      let hit = seen.get(key);
      if (hit === undefined) {
        const w = words(key);
        hit = false;
        // any run of adjacent words, joined: `customer_email_address` matches `email` and `email_address`
        for (let i = 0; i < w.length && !hit; i++) {
          for (let j = i + 1; j <= w.length && !hit; j++) hit = wanted.has(w.slice(i, j).join('_'));
        }
        if (seen.size < 10_000) seen.set(key, hit);
      }
      return hit;
    },
    matcher,
  };
  redactors.set(opts, r);
  return r;
}

/** Replace e-mail addresses and phone numbers inside free text by their keyed hash. */
export function scrubText(text: string, opts: RedactOptions): string {
  if (text.startsWith(PREFIX) && !text.includes(' ')) return text;
  const r = redactor(opts);
  // An address has an `@`, a phone number 9 digits or more: most texts scrubbed (path segments, keys)
  // have neither, and skip the two scans.
  let out = text.includes('@') ? text.replace(EMAIL, (m) => r.hash(m)) : text;
  if (out.length < 9) return out;
  // a rejected match (too few digits, e.g. `0 090-100`) must not swallow the start of a real one
  // Shared and rewound rather than compiled anew a call (as in json-text.ts); `hash` never re-enters here.
  const re = PHONE;
  re.lastIndex = 0;
  let scrubbed = '';
  let last = 0;
  for (let m = re.exec(out); m !== null; m = re.exec(out)) {
    const digits = m[0].replace(/\D/g, '').length;
    if (digits < 9 || digits > 15) {
      re.lastIndex = m.index + 1;
      continue;
    }
    scrubbed += out.slice(last, m.index) + r.hash(m[0]);
    last = m.index + m[0].length;
  }
  return last === 0 ? out : scrubbed + out.slice(last);
}

function hashLeaves(v: unknown, r: Redactor): unknown {
  switch (jsonType(v)) {
    case 'null':
    case 'boolean':
      return v;
    case 'number':
      return r.hash(canonicalNumber(v));
    case 'string':
      return (v as string).startsWith(PREFIX) ? v : r.hash(v as string);
    case 'array':
      return (v as unknown[]).map((x) => hashLeaves(x, r));
    default: {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[r.scrub(k)] = hashLeaves(x, r);
      return out;
    }
  }
}

function walk(v: unknown, st: MatchState, r: Redactor, opts: RedactOptions): unknown {
  if (st.length > 0 && r.matcher.matches(st).length > 0) return hashLeaves(v, r);
  // An exact 64-bit number becomes its digits, as JSON.stringify writes it: a class instance would
  // not survive structured cloning (worker threads) on its way to the store.
  if (v instanceof LosslessNumber) return v.value;
  switch (jsonType(v)) {
    case 'string':
      return scrubText(v as string, opts);
    case 'array':
      return (v as unknown[]).map((x, i) => walk(x, r.matcher.empty ? st : r.matcher.step(st, i), r, opts));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        const key = scrubText(k, opts);
        out[key] = r.isKey(k) ? hashLeaves(x, r) : walk(x, r.matcher.empty ? st : r.matcher.step(st, k), r, opts);
      }
      return out;
    }
    default:
      return v;
  }
}

/** Redact a value found at `at` (steps from `$`, default the root); returns a new value, input untouched. */
export function redactValue(value: unknown, opts: RedactOptions, at: readonly PathStep[] = []): unknown {
  const r = redactor(opts);
  let st = r.matcher.root();
  for (const s of at) {
    if (typeof s === 'string' && r.isKey(s)) return hashLeaves(value, r);
    if (st.length > 0 && r.matcher.matches(st).length > 0) return hashLeaves(value, r);
    st = r.matcher.step(st, s);
  }
  return walk(value, st, r, opts);
}

/**
 * Redact differences before they are stored or shown: both values, by their path, and the path itself.
 * The result is plain JSON data (exact 64-bit numbers become their digit strings), safe to clone.
 */
export function redactDifferences(differences: readonly Difference[], opts: RedactOptions): Difference[] {
  return differences.map((d) => {
    let at: PathStep[] = [];
    try {
      at = parsePath(d.path);
    } catch {
      // a path we did not produce: redact its values as if at the root
    }
    const out: Difference = { path: scrubText(d.path, opts), kind: d.kind };
    if ('legacy' in d) out.legacy = redactValue(d.legacy, opts, at);
    if ('candidate' in d) out.candidate = redactValue(d.candidate, opts, at);
    return out;
  });
}

/**
 * Redact a request path with its query string: e-mails and phone numbers in path segments are hashed,
 * query values under personal-data keys are hashed, other query values are scrubbed.
 */
export function redactPath(pathAndQuery: string, opts: RedactOptions): string {
  const r = redactor(opts);
  const q = pathAndQuery.indexOf('?');
  const path = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  const segments = path.split('/').map((seg) => {
    let decoded = seg;
    try {
      decoded = decodeURIComponent(seg);
    } catch {
      // keep the raw segment
    }
    const scrubbed = scrubText(decoded, opts);
    return scrubbed === decoded ? seg : encodeURIComponent(scrubbed);
  });
  if (q < 0) return segments.join('/');
  const params = new URLSearchParams(pathAndQuery.slice(q + 1));
  const out = new URLSearchParams();
  for (const [k, v] of params) out.append(scrubText(k, opts), r.isKey(k) ? r.hash(v) : scrubText(v, opts));
  const qs = out.toString();
  return qs === '' ? segments.join('/') : `${segments.join('/')}?${qs}`;
}

/** The three redactions bound to one set of options (the shape shadow/ asks for). */
export interface BoundRedactor {
  value(value: unknown, at?: readonly PathStep[]): unknown;
  differences(differences: readonly Difference[]): Difference[];
  path(pathAndQuery: string): string;
}

/** Bind redaction to options once (keys and paths are compiled on first use and reused). */
export function createRedactor(opts: RedactOptions): BoundRedactor {
  const o: RedactOptions = { ...opts };
  return {
    value: (value, at) => redactValue(value, o, at),
    differences: (ds) => redactDifferences(ds, o),
    path: (p) => redactPath(p, o),
  };
}
