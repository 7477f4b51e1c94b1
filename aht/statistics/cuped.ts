import { mean } from './summary.js';

/** One analysed value with its covariate (the operator's pre-period mean), or null when it has none. */
export interface CupedInput {
  y: number;
  x: number | null;
}

/**
 * CUPED (Deng et al. 2013): y' = y − θ(x − mean x), θ = cov(y, x) / var(x) pooled over both arms, so
 * the difference of means is unchanged in expectation and its variance shrinks by corr(y, x)².
 * Values whose operator has no pre-period get x = mean x (no adjustment). Null when x does not vary.
 */
export function cupedAdjust(all: readonly CupedInput[]): { adjusted: number[]; theta: number; varianceReduction: number } | null {
  const xs = all.filter((v) => v.x !== null).map((v) => v.x as number);
  if (xs.length < 2) return null;
  const mx = mean(xs);
  const x = all.map((v) => v.x ?? mx);
  const y = all.map((v) => v.y);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < y.length; i++) {
    sxy += (y[i] - my) * (x[i] - mx);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  if (sxx === 0 || syy === 0) return null;
  const theta = sxy / sxx;
  const adjusted = y.map((v, i) => v - theta * (x[i] - mx));
  let saa = 0;
  const ma = mean(adjusted);
  for (const a of adjusted) saa += (a - ma) ** 2;
  return { adjusted, theta, varianceReduction: 1 - saa / syy };
}
