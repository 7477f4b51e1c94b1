import type { AhtVerdict } from '../aht-report.js';

/** Two-sided level for `new-faster` / `new-slower`. */
export const ALPHA = 0.05;

/**
 * `no-difference` when the whole 95% CI lies inside ±margin; `new-faster`/`new-slower` when the
 * Mann–Whitney p < 0.05 and the CI excludes 0 on that side; otherwise `inconclusive`.
 */
export function verdictOf(ci: { low: number; high: number } | null, pValue: number | null, marginS: number): AhtVerdict {
  if (ci === null || pValue === null) return 'inconclusive';
  if (ci.low >= -marginS && ci.high <= marginS) return 'no-difference';
  if (pValue < ALPHA && ci.high < 0) return 'new-faster';
  if (pValue < ALPHA && ci.low > 0) return 'new-slower';
  return 'inconclusive';
}
