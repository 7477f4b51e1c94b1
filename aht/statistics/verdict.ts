import type { AhtVerdict, InconclusiveReason } from '../aht-report.js';

/** Level of the single-look interval shown as the 95 % CI. */
export const SINGLE_LOOK_ALPHA = 0.05;

/** A verdict with its reason. */
export interface Verdict {
  verdict: AhtVerdict;
  reason: InconclusiveReason | null;
}

/**
 * The verdict from the always-valid interval and the (adjusted) p-value at the level of one look:
 * `no-difference` when the whole interval lies inside ±margin; `new-faster`/`new-slower` when p is
 * below the look's level (then the interval excludes 0 on that side); otherwise `inconclusive`.
 */
export function verdictOf(ci: { low: number; high: number } | null, pValue: number | null, lookAlpha: number, marginS: number): Verdict {
  if (ci === null || pValue === null) return { verdict: 'inconclusive', reason: 'no-variation' };
  if (ci.low >= -marginS && ci.high <= marginS) return { verdict: 'no-difference', reason: null };
  const mid = (ci.low + ci.high) / 2;
  if (pValue < lookAlpha && mid < 0) return { verdict: 'new-faster', reason: null };
  if (pValue < lookAlpha && mid > 0) return { verdict: 'new-slower', reason: null };
  return { verdict: 'inconclusive', reason: 'not-enough-evidence' };
}
