import { createRequire } from 'node:module';

// jStat (one package, no dependencies): Student's t through the regularised incomplete beta function,
// which takes the fractional degrees of freedom a Welch–Satterthwaite test gives.
interface StudentT {
  cdf(x: number, dof: number): number;
  pdf(x: number, dof: number): number;
  inv(p: number, dof: number): number;
}
const { jStat } = createRequire(import.meta.url)('jstat') as { jStat: { studentt: StudentT; normal: { inv(p: number, mean: number, sd: number): number } } };

// Past this many degrees of freedom t is the normal distribution to double precision, and the beta
// function's continued fraction converges slowly: use the normal quantile.
const NORMAL_DF = 1e7;

/** Student's t CDF with `df` degrees of freedom (df may be fractional: Welch–Satterthwaite). */
export function tCdf(x: number, df: number): number {
  return jStat.studentt.cdf(x, df);
}

/**
 * Student's t quantile (`p` in (0, 1)); the standard normal quantile for df past NORMAL_DF. jStat's
 * inverse is good to about 1e-9 relative; two Newton steps on its (more precise) CDF finish the job.
 */
export function tQuantile(p: number, df: number): number {
  if (df >= NORMAL_DF) return jStat.normal.inv(p, 0, 1);
  let x = jStat.studentt.inv(p, df);
  for (let i = 0; i < 2; i++) {
    const density = jStat.studentt.pdf(x, df);
    if (!(density > 0)) break;
    x -= (jStat.studentt.cdf(x, df) - p) / density;
  }
  return x;
}

/** Two-sided p-value of a t statistic. */
export function tTwoSidedP(t: number, df: number): number {
  return Math.min(1, 2 * tCdf(-Math.abs(t), df));
}
