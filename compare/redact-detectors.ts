/**
 * Detectors for personal data that a pattern can find: phone numbers (Japanese and E.164), e-mail
 * addresses and card numbers. They answer "does this text hold one?": the caller hashes the whole value.
 * Full-width forms (`０９０…`, `＠`), percent-encoding (`%40`) and any common separator are read as
 * their plain form first.
 */

/** What a detector found. */
export type PiiKind = 'phone' | 'email' | 'card';

/** The first kind of personal data found in `text`, or null. */
export function detectPii(text: string): PiiKind | null {
  // Every form needs a digit or an `@` (plain, full-width or percent-encoded): most text has neither.
  if (text.length < 3 || !MAY_HOLD.test(text)) return null;
  const plain = toPlain(text);
  if (hasEmail(plain)) return 'email';
  return digitRuns(plain);
}

/** True when `text` holds a phone number, e-mail address or card number. */
export function holdsPii(text: string): boolean {
  return detectPii(text) !== null;
}

const MAY_HOLD = /[0-9@%\uff10-\uff19\uff20]/;

// Dashes and hyphens people type between digit groups (incl. the long vowel mark `ー` of Japanese IMEs).
const DASHES = /[\u2010-\u2015\u2212\u30fc\uff70]/g;

/**
 * Full-width ASCII (U+FF01–FF5E) to ASCII, other dashes to `-`, other spaces to ` `, and `%XX` decoded
 * (so `taro%40example.com` and IDN domains written percent-encoded are read as typed).
 */
function toPlain(text: string): string {
  let s = text;
  if (/[\uff01-\uff5e\u3000]/.test(s)) {
    s = s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
  }
  if (s.includes('%')) s = percentDecode(s);
  DASHES.lastIndex = 0;
  if (DASHES.test(s)) s = s.replace(DASHES, '-');
  return s;
}

function percentDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    // a stray `%`: decode what is well-formed, keep the rest
    return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (m) => {
      try {
        return decodeURIComponent(m);
      } catch {
        return m.replace(/%40/g, '@');
      }
    });
  }
}

const LOCAL_CHAR = /[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]/u;
// From just after the `@`: labels of letters (any script, so IDN), digits and `-`, a dot, a TLD of 2+.
const DOMAIN = /[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*\.(?:\p{L}{2,}|xn--[a-z0-9-]+)/uy;

/** An `@` with a local-part character before it and a dotted domain after it. Linear: one check per `@`. */
function hasEmail(s: string): boolean {
  for (let at = s.indexOf('@'); at !== -1; at = s.indexOf('@', at + 1)) {
    if (at === 0 || !LOCAL_CHAR.test(s[at - 1])) continue;
    DOMAIN.lastIndex = at + 1;
    if (DOMAIN.test(s)) return true;
  }
  return false;
}

// Digit groups joined by at most two separators (space, `-`, `.`, brackets): `090-1234-5678`,
// `+81 90 1111 2222`, `(03) 1234-5678`, `4111 1111 1111 1111`.
const RUN = /\+?\(?\d+(?:[ \-.()]{1,2}\d+)*\)?/g;

/**
 * Every run of digit groups is tried from each group start to each group end, so a phone number after
 * a year in the same run (`2024 090 1234 5678`) is still found. Runs have few groups: the cost is small.
 */
function digitRuns(s: string): PiiKind | null {
  if (!/\d/.test(s)) return null;
  RUN.lastIndex = 0;
  for (let m = RUN.exec(s); m !== null; m = RUN.exec(s)) {
    const run = m[0];
    const groups = run.match(/\d+/g)!;
    let digits = 0;
    for (const g of groups) digits += g.length;
    if (digits < 10) continue;
    const plus = run.startsWith('+');
    for (let i = 0; i < groups.length; i++) {
      let joined = '';
      for (let j = i; j < groups.length; j++) {
        joined += groups[j];
        if (joined.length > 19) break;
        if (isCard(joined)) return 'card';
        if (isPhone(joined, groups[i], plus && i === 0)) return 'phone';
      }
    }
  }
  return null;
}

/**
 * A Japanese number: `0` then a non-zero digit, 10–11 digits, its first group at least 2 digits long
 * (`0.1234567890` is a decimal, not a phone). E.164: a `+`, 8–15 digits.
 */
function isPhone(digits: string, firstGroup: string, plus: boolean): boolean {
  if (plus) return digits.length >= 8 && digits.length <= 15 && digits[0] !== '0';
  return digits.length >= 10 && digits.length <= 11 && digits[0] === '0' && digits[1] !== '0' && firstGroup.length >= 2;
}

/**
 * 13–19 digits, a card network's prefix (3, 4, 5, 6, or 2221–2720) and a valid Luhn check digit. The
 * prefix keeps compact timestamps (`20240102101112`) and epoch milliseconds (`17…`) out.
 */
export function isCard(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false;
  const first = digits.charCodeAt(0) - 48;
  if (first < 2 || first > 6) return false;
  if (first === 2) {
    const p = Number(digits.slice(0, 4));
    if (p < 2221 || p > 2720) return false;
  }
  let sum = 0;
  for (let k = 0; k < digits.length; k++) {
    let d = digits.charCodeAt(digits.length - 1 - k) - 48;
    if (k % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
