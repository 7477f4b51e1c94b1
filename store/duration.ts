import { STORE_ERR_BAD_DURATION } from './errors.js';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Parse a duration such as `30d`, `12h`, `15m`, `90s`, `250ms` or `1.5h` into milliseconds. */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*$/i.exec(text);
  if (m === null) throw new STORE_ERR_BAD_DURATION(text);
  return Math.round(Number(m[1]) * UNIT_MS[m[2].toLowerCase()]);
}
