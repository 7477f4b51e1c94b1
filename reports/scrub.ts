import { maskForDisplay, maskPathForDisplay } from '../compare/index.js';

/**
 * Belt and braces for what reports and the dashboard show: the store holds redacted values already
 * (compare/redact.ts), but a row written by an older version may not. compare/'s display masking runs
 * once more over every shown value and path, and long strings are capped.
 */
/** Longest string shown for one value in an example. */
const MAX_STRING = 200;

/** Mask what a detector flags in a value (deeply), and cap long strings. */
export function scrubValue(value: unknown): unknown {
  return cap(maskForDisplay(value));
}

/** A stored request path as shown: segments that are not safe identifiers or code words become `redacted`. */
export function scrubRequestPath(path: string): string {
  return maskPathForDisplay(path);
}

/** A stored difference path (`$.items[0].name`) as shown: `redacted shape:…` when a detector fires in it. */
export function scrubDiffPath(path: string): string {
  return maskForDisplay(path) as string;
}

function cap(value: unknown): unknown {
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  if (Array.isArray(value)) return value.map(cap);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cap(v)]));
  return value;
}
