import { normalCdf } from './normal.js';

/** Mann–Whitney U with its two-sided p-value. */
export interface MannWhitneyResult {
  u: number;
  z: number;
  pValue: number;
}

/**
 * Two-sided Mann–Whitney U test, normal approximation with tie correction and continuity correction.
 * Rank-based, so heavy tails do not drive it. Null when either side is empty.
 */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): MannWhitneyResult | null {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return null;
  const all: { v: number; g: 0 | 1 }[] = [];
  for (const v of a) all.push({ v, g: 0 });
  for (const v of b) all.push({ v, g: 1 });
  all.sort((x, y) => x.v - y.v);
  const n = n1 + n2;
  let rankSumA = 0;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && all[j + 1].v === all[i].v) j++;
    const rank = (i + j + 2) / 2; // average of ranks i+1 … j+1
    const t = j - i + 1;
    if (t > 1) tieTerm += t * t * t - t;
    for (let k = i; k <= j; k++) if (all[k].g === 0) rankSumA += rank;
    i = j + 1;
  }
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const mu = (n1 * n2) / 2;
  const sigma2 = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (sigma2 <= 0) return { u, z: 0, pValue: 1 };
  const d = Math.abs(u - mu);
  const z = Math.max(0, d - 0.5) / Math.sqrt(sigma2);
  return { u, z: u >= mu ? z : -z, pValue: Math.min(1, 2 * (1 - normalCdf(z))) };
}
