import { seededRandom } from './random.js';
import { normalCdf, Z_975 } from './normal.js';

/** Values of one cluster (one operator): their sum and count. */
export interface Cluster {
  sum: number;
  n: number;
}

/** A bootstrap percentile interval. */
export interface BootstrapInterval {
  low: number;
  high: number;
  rounds: number;
}

/**
 * Percentile bootstrap CI of mean(b) − mean(a), resampling whole clusters with replacement within each
 * side (pass one cluster per value for the plain bootstrap). Seeded: the same input gives the same CI.
 */
export function bootstrapMeanDifference(
  a: readonly Cluster[],
  b: readonly Cluster[],
  opts: { seed: number; rounds: number; level?: number },
): BootstrapInterval | null {
  if (a.length === 0 || b.length === 0) return null;
  const rnd = seededRandom(opts.seed);
  const diffs = new Float64Array(opts.rounds);
  const resampleMean = (cs: readonly Cluster[]): number => {
    let s = 0;
    let n = 0;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[rnd.int(cs.length)];
      s += c.sum;
      n += c.n;
    }
    return n === 0 ? 0 : s / n;
  };
  for (let r = 0; r < opts.rounds; r++) diffs[r] = resampleMean(b) - resampleMean(a);
  diffs.sort();
  const alpha = expandedTail(Math.min(a.length, b.length), opts.level ?? 0.95);
  const at = (q: number): number => diffs[Math.min(opts.rounds - 1, Math.max(0, Math.round(q * (opts.rounds - 1))))];
  return { low: at(alpha), high: at(1 - alpha), rounds: opts.rounds };
}

/**
 * The tail probability of the expanded percentile interval (Hesterberg 2015, "What teachers should know
 * about the bootstrap", §5): the plain percentile interval is too narrow for few units, so use the normal
 * tail that matches sqrt(k / (k − 1)) · t(k − 1) for the smaller side's k units.
 */
export function expandedTail(k: number, level: number): number {
  if (k < 3) return (1 - level) / 2;
  const z = level === 0.95 ? Z_975 : zOf((1 + level) / 2);
  const nu = k - 1;
  // Cornish–Fisher expansion of the t quantile from z.
  const t = z + (z ** 3 + z) / (4 * nu) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * nu * nu);
  return 1 - normalCdf(Math.sqrt(k / (k - 1)) * t);
}

function zOf(p: number): number {
  // Bisection on the CDF: called once per report, precision far beyond what a percentile needs.
  let lo = -10;
  let hi = 10;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Group values by a key (operator) into clusters. */
export function clustersBy(values: readonly number[], keys: readonly string[]): Cluster[] {
  const m = new Map<string, Cluster>();
  for (let i = 0; i < values.length; i++) {
    const c = m.get(keys[i]);
    if (c === undefined) m.set(keys[i], { sum: values[i], n: 1 });
    else {
      c.sum += values[i];
      c.n++;
    }
  }
  return [...m.values()];
}
