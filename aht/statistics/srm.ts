import { errorFunction } from 'simple-statistics';

/** p below which the split is called a mismatch (the usual SRM threshold). */
export const SRM_ALPHA = 0.001;

/** Sample-ratio-mismatch check: chi-square (1 df) of the legacy/new counts against the expected share. */
export function srmCheck(
  legacy: number,
  fresh: number,
  expectedNewShare: number,
): { expected_new_share: number; observed_new_share: number; p_value: number; mismatch: boolean } | null {
  const n = legacy + fresh;
  if (n === 0 || !(expectedNewShare > 0 && expectedNewShare < 1)) return null;
  const eNew = n * expectedNewShare;
  const eLegacy = n - eNew;
  const chi2 = (fresh - eNew) ** 2 / eNew + (legacy - eLegacy) ** 2 / eLegacy;
  // Chi-square with 1 df: P(X > x) = erfc(sqrt(x / 2)).
  const p = 1 - errorFunction(Math.sqrt(chi2 / 2));
  return {
    expected_new_share: expectedNewShare,
    observed_new_share: Math.round((fresh / n) * 10000) / 10000,
    p_value: p,
    mismatch: p < SRM_ALPHA,
  };
}
