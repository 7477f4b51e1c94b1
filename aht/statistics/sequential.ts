/** Two-sided error rate of the whole series of looks (5 %). */
export const ALPHA = 0.05;
/** Looks the error rate is spread over by default: one a day for four weeks. */
export const DEFAULT_LOOKS = 28;

/**
 * The level each look tests at, so that a manager may look up to `looks` times (each day, on any
 * window) and the chance that any look claims a difference that is not there stays ≤ alpha:
 * Bonferroni alpha spending, alpha / looks per look. The union bound holds whatever the overlap of
 * the looks' windows, which a mixture SPRT or a Lan–DeMets boundary would have to assume.
 */
export function perLookAlpha(looks: number, alpha = ALPHA): number {
  return alpha / Math.max(1, looks);
}
