import { tQuantile, tTwoSidedP } from './t-distribution.js';
import { mean, variance } from './summary.js';

/** One operator's handlings in one arm: their count and mean (the unit of the comparison). */
export interface OperatorMean {
  operator: string;
  n: number;
  mean: number;
}

/** Welch's t on operator means: new − legacy with its standard error and Welch–Satterthwaite df. */
export interface WelchResult {
  difference: number;
  se: number;
  df: number;
  t: number;
  pValue: number;
}

/** Per-operator means of values keyed by operator, ordered by operator (the same sums whatever the input order). */
export function operatorMeans(values: readonly number[], operators: readonly string[]): OperatorMean[] {
  const m = new Map<string, { s: number; n: number }>();
  for (let i = 0; i < values.length; i++) {
    const a = m.get(operators[i]);
    if (a === undefined) m.set(operators[i], { s: values[i], n: 1 });
    else {
      a.s += values[i];
      a.n++;
    }
  }
  return [...m]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([operator, a]) => ({ operator, n: a.n, mean: a.s / a.n }));
}

/**
 * Welch's unequal-variance t test of mean(b) − mean(a), where each value is one operator's mean: the
 * canary assigns operators, so operators are the independent units and the t reference distribution
 * with Welch–Satterthwaite df stays honest with few of them. Null when either side has < 2 values or
 * neither varies.
 */
export function welchT(a: readonly number[], b: readonly number[]): WelchResult | null {
  if (a.length < 2 || b.length < 2) return null;
  const va = variance(a) / a.length;
  const vb = variance(b) / b.length;
  const se = Math.sqrt(va + vb);
  const difference = mean(b) - mean(a);
  if (!(se > 0)) return null;
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const t = difference / se;
  return { difference, se, df, t, pValue: tTwoSidedP(t, df) };
}

/** The two-sided interval of a Welch result at level 1 − alpha. */
export function welchInterval(w: WelchResult, alpha: number): { low: number; high: number } {
  const q = tQuantile(1 - alpha / 2, w.df);
  return { low: w.difference - q * w.se, high: w.difference + q * w.se };
}
