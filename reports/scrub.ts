/**
 * Belt and braces for examples shown in reports: the store holds redacted values already, but a value
 * that still looks like an e-mail address or a long digit run (phone, card) is masked before it is shown.
 */
// Starts only where a run of local-part characters starts (else a long run without `@` takes quadratic time).
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// Cards in groups (tried first), phones with separators (090-1234-5678), and bare runs of 11+ digits; dates and times do not match.
const DIGITS = /\b\d{4}[- ]\d{4}[- ]\d{4}[- ]\d{1,4}\b|\+?\b\d{2,4}[- ]\d{2,4}[- ]\d{3,4}\b|\b\d{11,}\b/g;
/** Longest string shown for one value in an example. */
const MAX_STRING = 200;

/** Mask PII-looking substrings in a value (deeply), and cap long strings. */
export function scrubValue(value: unknown): unknown {
  if (typeof value === 'string') {
    const masked = value.replace(EMAIL, '[email]').replace(DIGITS, '[digits]');
    return masked.length > MAX_STRING ? `${masked.slice(0, MAX_STRING)}…` : masked;
  }
  if (Array.isArray(value)) return value.map(scrubValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubValue(v)]));
  }
  return value;
}
