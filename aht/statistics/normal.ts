import { errorFunction } from 'simple-statistics';

/** z for a two-sided 95% interval. */
export const Z_975 = 1.959963984540054;
/** z for 80% power. */
export const Z_80 = 0.8416212335729143;
/** z for 90% (each side of an equivalence test at 80% power). */
export const Z_90 = 1.2815515655446004;

/** Standard normal CDF. */
export function normalCdf(z: number): number {
  return z >= 0 ? 0.5 * (1 + errorFunction(z / Math.SQRT2)) : 0.5 * (1 - errorFunction(-z / Math.SQRT2));
}
