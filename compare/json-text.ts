import { LosslessNumber, isSafeNumber, parse as losslessParse, stringify as losslessStringify } from 'lossless-json';
import { CMP_ERR_INVALID_JSON } from './errors.js';

/**
 * A JSON number that a JS number cannot hold exactly (a 64-bit id, a long decimal).
 * `JSON.stringify` writes it as its exact digits in a string; `stringifyJson` writes it as a number.
 */
export class ExactNumber extends LosslessNumber {
  /** Exact digits as a string: `JSON.stringify` cannot write a number it cannot hold. */
  toJSON(): string {
    return this.value;
  }
}

// Numbers with at most 15 significant digits and a small exponent survive JSON.parse exactly;
// anything longer (or an exponent of 3 digits) takes the lossless parser. False alarms only cost speed.
const NEEDS_LOSSLESS = /\d{16}|[eE][+-]?\d{3}/;

function parseNumber(text: string): number | ExactNumber {
  return isSafeNumber(text) ? Number(text) : new ExactNumber(text);
}

/** Parse JSON without losing digits: safe numbers become JS numbers, others `ExactNumber`. Throws CMP_ERR_INVALID_JSON. */
export function parseJson(text: string, what = 'body'): unknown {
  try {
    if (!NEEDS_LOSSLESS.test(text)) return JSON.parse(text);
    return losslessParse(text, null, parseNumber);
  } catch (err) {
    throw new CMP_ERR_INVALID_JSON(what, (err as Error).message, err as Error);
  }
}

/** Stringify JSON keeping `ExactNumber`s as numbers (for `--json` output and stored differences). */
export function stringifyJson(value: unknown, space?: number): string {
  return losslessStringify(value, null, space) ?? 'null';
}

/** True for a parsed JSON number of either representation. */
export function isJsonNumber(value: unknown): value is number | LosslessNumber {
  return typeof value === 'number' || value instanceof LosslessNumber;
}
