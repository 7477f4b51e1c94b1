import { quantileSorted } from 'simple-statistics';
import type { ArmStats } from '../aht-report.js';

/** Largest number of values kept in `sample_s` for charts. */
export const SAMPLE_CAP = 200;

/** n, mean, median, p90 (and mean active time) of durations in seconds. */
export function armStats(values_s: readonly number[], active_s: readonly number[]): Omit<ArmStats, 'operators' | 'operator_means_s'> {
  const n = values_s.length;
  if (n === 0) return { n: 0, mean_s: null, median_s: null, p90_s: null, active_mean_s: null, sample_s: [] };
  // A typed array sorts numbers natively, several times faster than a comparator over a plain array.
  const sorted = Array.from(Float64Array.from(values_s).sort());
  return {
    n,
    mean_s: round(mean(sorted)),
    median_s: round(quantileSorted(sorted, 0.5)),
    p90_s: round(quantileSorted(sorted, 0.9)),
    active_mean_s: active_s.length === 0 ? null : round(mean(active_s)),
    sample_s: n <= SAMPLE_CAP ? sorted.map(round) : Array.from({ length: SAMPLE_CAP }, (_, i) => round(sorted[Math.floor((i * (n - 1)) / (SAMPLE_CAP - 1))])),
  };
}

/** Arithmetic mean (0 for an empty list). */
export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return xs.length === 0 ? 0 : s / xs.length;
}

/** Sample variance (n − 1). */
export function variance(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return s / (xs.length - 1);
}

/** Round to milliseconds for the report (figures are in seconds). */
export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** A p-value to 10 significant digits: sums in another order (SQL or in-process) give the same report. */
export function roundP(p: number): number {
  return Number(p.toPrecision(10));
}
