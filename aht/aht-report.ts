/** Figures for one arm (**contract** keys: n, mean_s, median_s, p90_s). Null when n = 0. */
export interface ArmStats {
  n: number;
  mean_s: number | null;
  median_s: number | null;
  p90_s: number | null;
  /** Mean of active time (gaps above `idleGap` left out). */
  active_mean_s: number | null;
  /** Durations in seconds, for the charts (capped sample, sorted ascending). */
  sample_s: number[];
}

/** new − legacy (**contract** keys: mean_s, ci_low_s, ci_high_s, p_value). */
export interface ArmDifference {
  mean_s: number | null;
  ci_low_s: number | null;
  ci_high_s: number | null;
  p_value: number | null;
}

/** The verdict (**contract**). */
export type AhtVerdict = 'new-faster' | 'new-slower' | 'no-difference' | 'inconclusive';

/** One case type (**contract** keys: name, arms, difference, verdict). */
export interface AhtCaseReport {
  name: string;
  arms: { legacy: ArmStats; new: ArmStats };
  difference: ArmDifference;
  verdict: AhtVerdict;
  /** For `inconclusive`: cases per arm needed for 80% power at the observed effect, or null. */
  needed_per_arm: number | null;
  /** Handlings left out, and why. */
  abandoned: number;
  /** Handlings ended by another operator's request in the case before any end (counted, left out of AHT). */
  transferred: number;
  mixed: number;
  over_max_duration: number;
  /** Sample-ratio-mismatch check against the canary percent (null when no canary percent applies). */
  srm: null | { expected_new_share: number; observed_new_share: number; p_value: number; mismatch: boolean };
  /** CUPED-adjusted difference, when pre-period data exists. */
  cuped: null | ArmDifference & { variance_reduction: number };
}

/** Dwell after one path (route) within a case type. */
export interface AhtPathReport {
  case: string;
  route_id: string;
  method: string;
  arms: { legacy: ArmStats; new: ArmStats };
  difference: ArmDifference;
  verdict: AhtVerdict;
}

/** The whole AHT report (**contract**: `strangler report aht --format json`). */
export interface AhtReport {
  generated_at: string;
  since: string | null;
  /** The store read (URL, password hidden); null when built from events in memory. */
  store?: string | null;
  /** How the figures were made, in words the report prints (test used, bootstrap seed, outlier rule). */
  method: { test: string; ci: string; seed: number; outliers: string; equivalence_margin_s: number };
  cases: AhtCaseReport[];
  paths: AhtPathReport[];
}
