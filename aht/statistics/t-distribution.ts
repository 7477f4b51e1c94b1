import tCdfImpl from '@stdlib/stats-base-dists-t-cdf';
import tQuantileImpl from '@stdlib/stats-base-dists-t-quantile';

/** Student's t CDF with `df` degrees of freedom (df may be fractional: Welch–Satterthwaite). */
export function tCdf(x: number, df: number): number {
  return tCdfImpl(x, df);
}

/** Student's t quantile (`p` in (0, 1)). */
export function tQuantile(p: number, df: number): number {
  return tQuantileImpl(p, df);
}

/** Two-sided p-value of a t statistic. */
export function tTwoSidedP(t: number, df: number): number {
  return Math.min(1, 2 * tCdf(-Math.abs(t), df));
}
