import type { ArmDifference, ArmStats, AhtVerdict } from '../aht-report.js';
import { armStats, mean, round, variance } from './summary.js';
import { mannWhitneyU } from './mann-whitney.js';
import { bootstrapMeanDifference, clustersBy, type Cluster } from './bootstrap.js';
import { neededPerArm } from './power.js';
import { verdictOf } from './verdict.js';

/** Durations (seconds) of one arm, with the operator of each (the canary's unit of assignment). */
export interface ArmSample {
  values_s: number[];
  active_s: number[];
  operators: string[];
}

/** How the comparison is made (from the report options and config). */
export interface CompareOptions {
  seed: number;
  rounds: number;
  marginS: number;
  /** Resample operators, not single values, when each arm has at least this many operators. */
  minClusters: number;
}

/** The comparison of two arms, ready for the report. */
export interface ArmComparison {
  arms: { legacy: ArmStats; new: ArmStats };
  difference: ArmDifference;
  verdict: AhtVerdict;
  needed_per_arm: number | null;
  /** True when the bootstrap resampled operators. */
  clustered: boolean;
}

/** An empty arm sample. */
export function emptySample(): ArmSample {
  return { values_s: [], active_s: [], operators: [] };
}

/** Compare legacy and new: figures per arm, new − legacy with a bootstrap CI and Mann–Whitney p, and the verdict. */
export function compareArms(legacy: ArmSample, fresh: ArmSample, opts: CompareOptions): ArmComparison {
  const arms = { legacy: armStats(legacy.values_s, legacy.active_s), new: armStats(fresh.values_s, fresh.active_s) };
  if (legacy.values_s.length < 2 || fresh.values_s.length < 2) {
    return {
      arms,
      difference: { mean_s: arms.new.mean_s !== null && arms.legacy.mean_s !== null ? round(arms.new.mean_s - arms.legacy.mean_s) : null, ci_low_s: null, ci_high_s: null, p_value: null },
      verdict: 'inconclusive',
      needed_per_arm: null,
      clustered: false,
    };
  }
  const ca = clustersBy(legacy.values_s, legacy.operators);
  const cb = clustersBy(fresh.values_s, fresh.operators);
  const clustered = ca.length >= opts.minClusters && cb.length >= opts.minClusters;
  const single = (xs: number[]): Cluster[] => xs.map((v) => ({ sum: v, n: 1 }));
  const ci = bootstrapMeanDifference(clustered ? ca : single(legacy.values_s), clustered ? cb : single(fresh.values_s), {
    seed: opts.seed,
    rounds: opts.rounds,
  });
  // Handlings of one operator are not independent (the canary assigns operators): when clustered, rank
  // the operators' mean durations, so the p-value holds at the unit of assignment.
  const clusterMeans = (cs: Cluster[]): number[] => cs.map((c) => c.sum / c.n);
  const mw = clustered ? mannWhitneyU(clusterMeans(ca), clusterMeans(cb)) : mannWhitneyU(legacy.values_s, fresh.values_s);
  const diff = mean(fresh.values_s) - mean(legacy.values_s);
  const verdict = verdictOf(ci, mw?.pValue ?? null, opts.marginS);
  const sd = Math.sqrt((variance(legacy.values_s) + variance(fresh.values_s)) / 2);
  return {
    arms,
    difference: {
      mean_s: round(diff),
      ci_low_s: ci === null ? null : round(ci.low),
      ci_high_s: ci === null ? null : round(ci.high),
      p_value: mw === null ? null : mw.pValue,
    },
    verdict,
    needed_per_arm: verdict === 'inconclusive' ? neededPerArm(sd, diff, opts.marginS) : null,
    clustered,
  };
}
