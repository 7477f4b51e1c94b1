import { PathMatcher } from './path.js';
import { hashToken, isRedactedToken, keyedHash, REDACTED_PREFIX } from './redact-hash.js';
import { shapeOf } from './redact-shape.js';

/**
 * Object keys that always mean personal data or credentials: their values are hashed even when an
 * allow-list pattern names them, and numbers under them too. Matching is case-insensitive and by word:
 * `customerEmail`, `customer_email` and `EMAIL` all match `email`.
 */
export const DEFAULT_REDACT_KEYS: readonly string[] = Object.freeze([
  'email', 'e_mail', 'mail', 'mail_address',
  'phone', 'phone_number', 'tel', 'telephone', 'mobile', 'fax',
  'name', 'first_name', 'last_name', 'full_name', 'username', 'nickname', 'kana', 'shimei', 'namae',
  'address', 'street', 'city', 'zip', 'zipcode', 'postal_code', 'postcode', 'jusho', 'juusho', 'yubin',
  'birthday', 'birth_date', 'birthdate', 'dob',
  'card', 'card_number', 'cvc', 'cvv', 'iban', 'account_number',
  'token', 'password', 'passwd', 'secret', 'api_key', 'apikey', 'session', 'cookie', 'authorization',
  'ip', 'ip_address', 'ssn', 'my_number',
]);

/**
 * JSON paths whose string values are kept in clear by default (every other string is hashed): codes a
 * reviewer needs to read and that hold no free text. A route adds its own with `routes[].redact.allow`.
 * Detectors still run on allowed values. Keys named `id` or ending in `_id`/`Id` keep values that are
 * safe identifiers (see `isSafeIdentifier`) without being listed.
 */
export const DEFAULT_REDACT_ALLOW: readonly string[] = Object.freeze([
  '$..status', '$..state', '$..priority', '$..type', '$..kind', '$..category', '$..channel', '$..code',
  '$..currency', '$..locale', '$..lang', '$..created_at', '$..updated_at', '$..createdAt', '$..updatedAt',
  '$..__typename',
]);

/** How to redact: the HMAC key, the keys always hashed, extra paths always hashed, the allow-list. */
export interface RedactOptions {
  secret: string;
  /** Keys whose values are always hashed (default `DEFAULT_REDACT_KEYS`). */
  keys?: readonly string[];
  /** Extra path patterns always hashed, whatever the allow-list says. */
  paths?: readonly string[];
  /** Path patterns whose strings stay in clear when no detector fires (default `DEFAULT_REDACT_ALLOW`). */
  allow?: readonly string[];
  /** Route patterns (`/api/Inquiries/:id`): their literal segments stay in clear in any letter case. */
  routes?: readonly string[];
}

/** The literal segments of route patterns, lower-cased (`/api/Inquiries/:id/*` → `api`, `inquiries`). */
export function literalSegments(patterns: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const p of patterns) for (const s of p.split('/')) if (s !== '' && s !== '*' && !s.startsWith(':')) out.add(s.toLowerCase());
  return out;
}

// Plain numbers, short prefixed numbers (`INQ-1024`, `C123`) and UUIDs: what a case id or an id looks like.
const SAFE_ID = /^(?:[A-Za-z]{0,4}-?\d{1,20}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;
// Lower-case code words of a URL (`api`, `inquiries`, `detail.php`, `v2`, `by-status`).
const CODE_WORD = /^[a-z][a-z0-9_]{0,39}(?:[.-][a-z0-9_]{1,20}){0,3}$/;
const ID_KEY = /(?:^id$|_id$|[a-z0-9]Id$|ID$)/;

/** A plain number, a short-prefixed number (`[A-Za-z]{0,4}-?\d+`) or a UUID. */
export function isSafeIdentifier(value: string): boolean {
  return SAFE_ID.test(value);
}

// A route parameter as reports write generalised paths (`/api/items/:id`).
const PARAM = /^:[A-Za-z_][A-Za-z0-9_]{0,39}$/;

/** A path segment kept in clear: empty, a safe identifier, a lower-case code word, a `:param`, or already redacted. */
export function isSafeSegment(segment: string): boolean {
  return segment === '' || SAFE_ID.test(segment) || CODE_WORD.test(segment) || PARAM.test(segment) || (segment.startsWith(REDACTED_PREFIX) && isRedactedToken(segment));
}

/** A key whose safe-identifier values are kept: `id`, `inquiry_id`, `operatorId`, `caseID`. */
export function isIdKey(key: string): boolean {
  return ID_KEY.test(key);
}

/** Options compiled once: matchers, key test, the keyed hash. Cached per options object. */
export interface RedactPolicy {
  secret: string;
  /** `redacted:<hash>` of a value. */
  token(value: string): string;
  /** `redacted:<hash> shape:<shape>`: how a string value in differences is stored. */
  tokenWithShape(value: string): string;
  /** The key is one of `keys` (by word). */
  isDeniedKey(key: string): boolean;
  /** A literal segment of a configured route, in any letter case. */
  isRouteLiteral(segment: string): boolean;
  allow: PathMatcher<true>;
  deny: PathMatcher<true>;
}

const compiled = new WeakMap<RedactOptions, RedactPolicy>();

function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** The compiled policy for `opts` (compiled on first use and reused for the same object). */
export function policyOf(opts: RedactOptions): RedactPolicy {
  let p = compiled.get(opts);
  if (p !== undefined) return p;
  const wanted = new Set((opts.keys ?? DEFAULT_REDACT_KEYS).map((k) => words(k).join('_')));
  const seen = new Map<string, boolean>();
  const allow = new PathMatcher<true>();
  for (const a of opts.allow ?? DEFAULT_REDACT_ALLOW) allow.add(a, true);
  const deny = new PathMatcher<true>();
  for (const d of opts.paths ?? []) deny.add(d, true);
  const secret = opts.secret;
  const literals = literalSegments(opts.routes ?? []);
  p = {
    isRouteLiteral: (segment) => literals.size > 0 && literals.has(segment.toLowerCase()),
    secret,
    token: (v) => hashToken(secret, v),
    tokenWithShape: (v) => `${REDACTED_PREFIX}${keyedHash(secret, v)} shape:${shapeOf(v)}`,
    isDeniedKey(key) {
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
    allow,
    deny,
  };
  compiled.set(opts, p);
  return p;
}
