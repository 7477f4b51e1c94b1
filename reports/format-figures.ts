/** A rate in 0..1 as a percentage with one decimal, or an en dash for no data. */
export function formatRate(rate: number | null): string {
  return rate === null ? '–' : `${(rate * 100).toFixed(1)}%`;
}

/** Milliseconds, rounded, or an en dash. */
export function formatMs(ms: number | null): string {
  return ms === null ? '–' : `${Math.round(ms)} ms`;
}

/** Seconds with one decimal (signed when asked), or an en dash. */
export function formatSeconds(s: number | null, signed = false): string {
  if (s === null) return '–';
  return `${signed && s > 0 ? '+' : ''}${s.toFixed(1)} s`;
}

/** A compact JSON rendering of a value for a table cell. */
export function formatValue(value: unknown): string {
  return value === undefined ? '(absent)' : JSON.stringify(value) ?? String(value);
}
