import { LosslessNumber } from 'lossless-json';

/** The six JSON types a parsed value can have. */
export type JsonType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

/** The JSON type of a parsed value (`LosslessNumber`s are numbers). */
export function jsonType(v: unknown): JsonType {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'boolean';
    case 'number':
    case 'bigint':
      return 'number';
    case 'string':
      return 'string';
  }
  if (Array.isArray(v)) return 'array';
  if (v instanceof LosslessNumber) return 'number';
  return 'object';
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * One spelling per numeric value, `<sign><digits>e<exp>` with no leading or trailing zeros:
 * `1`, `1.0` and `10e-1` all become `1e0`. Works on any length of digits.
 */
export function canonicalDecimal(text: string): string {
  const m = DECIMAL.exec(text.trim());
  if (m === null) return text;
  const frac = m[3] ?? '';
  let digits = (m[2] + frac).replace(/^0+/, '');
  if (digits === '') return '0';
  let exp = Number(m[4] ?? 0) - frac.length;
  let t = digits.length;
  while (digits.charCodeAt(t - 1) === 48) t--;
  exp += digits.length - t;
  digits = digits.slice(0, t);
  return `${m[1]}${digits}e${exp}`;
}

/** The canonical spelling of a parsed number (JS number, bigint or `LosslessNumber`). */
export function canonicalNumber(v: unknown): string {
  if (typeof v === 'number') return canonicalDecimal(String(v));
  return canonicalDecimal(String(v));
}

/** A JS number for tolerance checks (may round a `LosslessNumber`). */
export function toApproxNumber(v: unknown): number {
  return typeof v === 'number' ? v : Number.parseFloat(String(v));
}

/**
 * True when two parsed numbers have the same value, whatever their spelling or representation.
 * Integers compare exactly at any length; decimals compare as IEEE doubles, which is what both a PHP
 * and a Go back end hold (`0.10000000000000001` from PHP is the double Go writes as `0.1`).
 */
export function sameNumber(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  // same spelling: the usual case for ids, without building canonical forms
  if (a instanceof LosslessNumber && b instanceof LosslessNumber && a.value === b.value) return true;
  const ca = canonicalNumber(a);
  const cb = canonicalNumber(b);
  if (ca === cb) return true;
  if (isIntegral(ca) && isIntegral(cb)) return false;
  // beyond a double's range both would read as Infinity: only the exact spelling tells them apart
  if (overflowsDouble(ca) || overflowsDouble(cb)) return false;
  return toApproxNumber(a) === toApproxNumber(b);
}

function overflowsDouble(canonical: string): boolean {
  const e = canonical.indexOf('e');
  if (e < 0) return false;
  const digits = canonical[0] === '-' ? e - 1 : e;
  return digits + Number(canonical.slice(e + 1)) > 309;
}

function isIntegral(canonical: string): boolean {
  return canonical === '0' || /e\d+$/.test(canonical);
}

/** A numeric string as JSON would write it (`"123"`, `"-1.5e3"`); used by the numericStrings rule. */
export function isNumericString(s: string): boolean {
  return s.length > 0 && s.length < 400 && DECIMAL.test(s);
}

/**
 * The canonical form of a whole value as one string: keys sorted, numbers canonical, strings quoted.
 * Two values get the same key exactly when they are equal with no rules applied.
 */
export function canonicalKey(v: unknown): string {
  switch (jsonType(v)) {
    case 'null':
      return 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return canonicalNumber(v);
    case 'string':
      return JSON.stringify(v);
    case 'array':
      return `[${(v as unknown[]).map(canonicalKey).join(',')}]`;
    default: {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o).sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalKey(o[k])}`).join(',')}}`;
    }
  }
}

/** Total order for sortBy keys: numbers by value, then strings, then everything else by canonical key. */
export function compareSortKeys(a: unknown, b: unknown): number {
  const ta = jsonType(a);
  const tb = jsonType(b);
  if (ta === 'number' && tb === 'number') {
    const d = toApproxNumber(a) - toApproxNumber(b);
    if (d !== 0) return d < 0 ? -1 : 1;
    const ca = canonicalNumber(a);
    const cb = canonicalNumber(b);
    return ca === cb ? 0 : ca < cb ? -1 : 1;
  }
  if (ta === 'string' && tb === 'string') return (a as string) < (b as string) ? -1 : a === b ? 0 : 1;
  const ka = `${ta}:${canonicalKey(a)}`;
  const kb = `${tb}:${canonicalKey(b)}`;
  return ka < kb ? -1 : ka === kb ? 0 : 1;
}
