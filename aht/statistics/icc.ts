/** Variance components of values grouped by operator (one-way random-effects ANOVA). */
export interface VarianceComponents {
  /** Variance between operators' true means. */
  between: number;
  /** Variance of handlings around their operator's mean. */
  within: number;
  /** Intra-operator correlation: between / (between + within), 0..1. */
  icc: number;
  /** Mean handlings per operator. */
  perOperator: number;
}

/**
 * ANOVA estimates of the between- and within-operator variance (Searle 1992, unbalanced groups:
 * n0 = (N − Σn²/N) / (k − 1)), pooled over groups (arms) so each arm's own mean is removed.
 * Null with fewer than 2 operators in all or no within-operator replication.
 */
export function varianceComponents(groups: readonly (readonly { values: readonly number[] }[])[]): VarianceComponents | null {
  let ssb = 0;
  let ssw = 0;
  let k = 0;
  let n = 0;
  let sumN2OverN = 0;
  let dfb = 0;
  for (const clusters of groups) {
    const cs = clusters.filter((c) => c.values.length > 0);
    if (cs.length === 0) continue;
    let total = 0;
    let count = 0;
    for (const c of cs) for (const v of c.values) {
      total += v;
      count++;
    }
    const grand = total / count;
    let sn2 = 0;
    for (const c of cs) {
      let s = 0;
      for (const v of c.values) s += v;
      const m = s / c.values.length;
      ssb += c.values.length * (m - grand) ** 2;
      for (const v of c.values) ssw += (v - m) ** 2;
      sn2 += c.values.length ** 2;
    }
    k += cs.length;
    n += count;
    dfb += cs.length - 1;
    sumN2OverN += sn2 / count;
  }
  const dfw = n - k;
  if (dfb < 1 || dfw < 1) return null;
  const msb = ssb / dfb;
  const msw = ssw / dfw;
  const n0 = (n - sumN2OverN) / dfb;
  const between = Math.max(0, (msb - msw) / n0);
  const within = msw;
  const icc = between + within > 0 ? between / (between + within) : 0;
  return { between, within, icc, perOperator: n / k };
}
