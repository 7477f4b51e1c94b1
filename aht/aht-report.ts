import type { PowerAdvice } from './statistics/power.js';

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
  /** Operators with handlings on this arm (the unit of the comparison). */
  operators: number;
  /** Each operator's mean in seconds, ascending (the per-operator dots; no operator ids). */
  operator_means_s: number[];
}

/** new − legacy (**contract** keys: mean_s, ci_low_s, ci_high_s, p_value). */
export interface ArmDifference {
  /** Mean of new's operator means − mean of legacy's (operators weighted equally). */
  mean_s: number | null;
  /** 95 % Welch t interval on operator means, right for a single look. */
  ci_low_s: number | null;
  ci_high_s: number | null;
  /** Welch t p-value on operator means (for paths: Benjamini–Hochberg adjusted across paths). */
  p_value: number | null;
  /** Welch–Satterthwaite degrees of freedom. */
  df?: number | null;
  /** Unadjusted Welch p (paths only, beside the adjusted `p_value`). */
  p_value_raw?: number | null;
  /** Mann–Whitney U p on operator means (rank-based check, normal approximation with tie and continuity correction). */
  mann_whitney_p?: number | null;
  /** The interval the verdict uses: valid however often the report is looked at, up to the planned looks. */
  always_valid?: { ci_low_s: number | null; ci_high_s: number | null; level: number };
}

/** Why a verdict is `inconclusive`. */
export type InconclusiveReason =
  | 'too-few-operators'
  | 'arms-in-different-periods'
  | 'no-variation'
  | 'not-enough-evidence';

/** The verdict (**contract**). */
export type AhtVerdict = 'new-faster' | 'new-slower' | 'no-difference' | 'inconclusive';

/** One case type (**contract** keys: name, arms, difference, verdict). */
export interface AhtCaseReport {
  name: string;
  arms: { legacy: ArmStats; new: ArmStats };
  difference: ArmDifference;
  verdict: AhtVerdict;
  /** Why the verdict is `inconclusive` (null otherwise). */
  reason: InconclusiveReason | null;
  /** Intra-operator correlation of handling times (share of the variance between operators), or null. */
  icc: number | null;
  /** For `inconclusive`: more operators on new, or more days, for 80 % power at the observed effect. */
  power: PowerAdvice | null;
  /** Calendar days the window's handlings span (at least 1 when there are any). */
  days: number;
  /** AHT per day per arm, with the canary percent in force at the day's end. */
  daily: AhtDay[];
  /** Per-arm guardrails: a faster handling that is abandoned or reopened more often is not a gain. */
  guardrails: Guardrails;
  /** Handlings left out, and why. */
  abandoned: number;
  /** Handlings ended by another operator's request in the case before any end (counted, left out of AHT). */
  transferred: number;
  mixed: number;
  over_max_duration: number;
  /** Sample-ratio-mismatch check against the canary percent (null when no canary percent applies). */
  srm: null | { expected_new_share: number; observed_new_share: number; p_value: number; mismatch: boolean };
  /** CUPED-adjusted difference, when pre-period data exists. */
  cuped: null | ArmDifference & { variance_reduction: number; operators_with_covariate: number };
}

/** One day (UTC) of a case type. */
export interface AhtDay {
  day: string;
  legacy: { n: number; mean_s: number | null };
  new: { n: number; mean_s: number | null };
  canary_percent: number | null;
}

/** A rate per arm with a 95 % Wilson interval. */
export interface GuardrailRate {
  count: number;
  of: number;
  rate: number | null;
  ci_low: number | null;
  ci_high: number | null;
}

/** One guardrail: each arm's rate and new − legacy with a 95 % Welch interval on operator rates. */
export interface Guardrail {
  legacy: GuardrailRate;
  new: GuardrailRate;
  difference: { rate: number | null; ci_low: number | null; ci_high: number | null; p_value: number | null };
  /** New's rate is higher with the interval above 0. */
  worse_on_new: boolean;
}

/** Guardrails of a case type. */
export interface Guardrails {
  abandonment: Guardrail;
  reopen: Guardrail;
  /** Reopen window, ms. */
  reopen_within_ms: number;
  /** Handlings served by both stacks (left out of the comparison). */
  mixed: number;
  /** Handlings ended by passing the case to another operator. */
  transferred: { legacy: number; new: number };
  /** False while handlings carry no end reason: abandonment per arm is then unknown (counted per case only). */
  end_reasons_known: boolean;
}

/** Dwell after one path (route) within a case type. */
export interface AhtPathReport {
  case: string;
  route_id: string;
  method: string;
  arms: { legacy: ArmStats; new: ArmStats };
  difference: ArmDifference;
  verdict: AhtVerdict;
  reason: InconclusiveReason | null;
}

/** The whole AHT report (**contract**: `strangler report aht --format json`). */
export interface AhtReport {
  generated_at: string;
  since: string | null;
  /** The store read (URL, password hidden); null when built from events in memory. */
  store?: string | null;
  /** End of the window (exclusive), or null for "now". */
  until: string | null;
  /** How the figures were made, in words the report prints (test used, bootstrap seed, outlier rule). */
  method: {
    test: string;
    ci: string;
    seed: number;
    outliers: string;
    equivalence_margin_s: number;
    /** The unit of the comparison and how few of them make a verdict impossible. */
    unit: string;
    min_operators_per_arm: number;
    /** How repeated looks keep the error rate (the interval the verdict uses). */
    sequential: string;
    looks: number;
    /** How the per-path verdicts control the false discovery rate. */
    multiple_paths: string;
    guardrails: string;
  };
  cases: AhtCaseReport[];
  paths: AhtPathReport[];
}
