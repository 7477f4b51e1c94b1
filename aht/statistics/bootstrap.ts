import { seededRandom } from './random.js';

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
  const alpha = (1 - (opts.level ?? 0.95)) / 2;
  const at = (q: number): number => diffs[Math.min(opts.rounds - 1, Math.max(0, Math.round(q * (opts.rounds - 1))))];
  return { low: at(alpha), high: at(1 - alpha), rounds: opts.rounds };
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
