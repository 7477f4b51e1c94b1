import type { ArmDifference, ArmStats, AhtVerdict, InconclusiveReason } from '../aht-report.js';
import { armStats, round, roundP } from './summary.js';
import { mannWhitneyU } from './mann-whitney.js';
import { operatorMeans, welchInterval, welchT, type OperatorMean, type WelchResult } from './cluster-t.js';
import { varianceComponents, type VarianceComponents } from './icc.js';
import { powerAdvice, type PowerAdvice } from './power.js';
import { SINGLE_LOOK_ALPHA, verdictOf } from './verdict.js';

/** Durations (seconds) of one arm, with the operator of each (the canary's unit of assignment). */
export interface ArmSample {
  values_s: number[];
  active_s: number[];
  operators: string[];
}

/** How the comparison is made (from the report options and config). */
export interface CompareOptions {
  marginS: number;
  /** Below this many operators on either arm the verdict is `inconclusive` (`too-few-operators`). */
  minOperators: number;
  /** Two-sided level of one look (alpha spent per look). */
  lookAlpha: number;
  /** Days the data spans, for the advice in days. */
  days: number;
}

/** The comparison of two arms, ready for the report. */
export interface ArmComparison {
  arms: { legacy: ArmStats; new: ArmStats };
  difference: ArmDifference;
  verdict: AhtVerdict;
  reason: InconclusiveReason | null;
  icc: number | null;
  power: PowerAdvice | null;
  /** For re-deciding after a p-value adjustment (paths) or period check. */
  welch: WelchResult | null;
  operatorMeans: { legacy: OperatorMean[]; new: OperatorMean[] };
}

/** An empty arm sample. */
export function emptySample(): ArmSample {
  return { values_s: [], active_s: [], operators: [] };
}

/** Figures of one arm, with its operators. */
function armWithOperators(s: ArmSample, om: OperatorMean[]): ArmStats {
  return { ...armStats(s.values_s, s.active_s), operators: om.length, operator_means_s: om.map((o) => round(o.mean)).sort((a, b) => a - b) };
}

/**
 * Compare legacy and new with the operator as the unit: Welch's t on operator means (95 % interval for
 * one look, and the wider always-valid interval at the look's level, which the verdict uses), a
 * Mann–Whitney check on the same means, the intra-operator correlation and the power advice.
 */
export function compareArms(legacy: ArmSample, fresh: ArmSample, opts: CompareOptions): ArmComparison {
  const om = { legacy: operatorMeans(legacy.values_s, legacy.operators), new: operatorMeans(fresh.values_s, fresh.operators) };
  const arms = { legacy: armWithOperators(legacy, om.legacy), new: armWithOperators(fresh, om.new) };
  const a = om.legacy.map((o) => o.mean);
  const b = om.new.map((o) => o.mean);
  const welch = welchT(a, b);
  const mw = a.length > 0 && b.length > 0 ? mannWhitneyU(a, b) : null;
  const comps = varianceComponents([groupBy(legacy), groupBy(fresh)]);
  const difference = differenceOf(welch, a, b, opts.lookAlpha);
  difference.mann_whitney_p = mw === null ? null : roundP(mw.pValue);
  const decided = decide(welch, welch?.pValue ?? null, om.legacy.length, om.new.length, opts);
  return {
    arms,
    difference,
    ...decided,
    icc: comps === null ? null : Math.round(comps.icc * 10000) / 10000,
    power: decided.verdict === 'inconclusive' && decided.reason !== 'arms-in-different-periods' ? advice(comps, om, welch, opts) : null,
    welch,
    operatorMeans: om,
  };
}

/** The verdict of a Welch result at a given p (raw, or adjusted across paths). */
export function decide(
  welch: WelchResult | null,
  pValue: number | null,
  operatorsLegacy: number,
  operatorsNew: number,
  opts: Pick<CompareOptions, 'minOperators' | 'lookAlpha' | 'marginS'>,
): { verdict: AhtVerdict; reason: InconclusiveReason | null } {
  if (operatorsLegacy < opts.minOperators || operatorsNew < opts.minOperators) return { verdict: 'inconclusive', reason: 'too-few-operators' };
  return verdictOf(welch === null ? null : welchInterval(welch, opts.lookAlpha), pValue, opts.lookAlpha, opts.marginS);
}

/** The difference fields from a Welch result. */
export function differenceOf(welch: WelchResult | null, a: readonly number[], b: readonly number[], lookAlpha: number): ArmDifference {
  const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
  if (welch === null) {
    return {
      mean_s: a.length > 0 && b.length > 0 ? round(mean(b) - mean(a)) : null,
      ci_low_s: null,
      ci_high_s: null,
      p_value: null,
      df: null,
      always_valid: { ci_low_s: null, ci_high_s: null, level: 1 - lookAlpha },
    };
  }
  const ci = welchInterval(welch, SINGLE_LOOK_ALPHA);
  const av = welchInterval(welch, lookAlpha);
  return {
    mean_s: round(welch.difference),
    ci_low_s: round(ci.low),
    ci_high_s: round(ci.high),
    p_value: roundP(welch.pValue),
    df: Math.round(welch.df * 100) / 100,
    always_valid: { ci_low_s: round(av.low), ci_high_s: round(av.high), level: 1 - lookAlpha },
  };
}

function advice(comps: VarianceComponents | null, om: ArmComparison['operatorMeans'], welch: WelchResult | null, opts: CompareOptions): PowerAdvice | null {
  if (comps === null || welch === null || om.legacy.length === 0 || om.new.length === 0) return null;
  const per = (xs: OperatorMean[]): number => xs.reduce((s, o) => s + o.n, 0) / xs.length;
  return powerAdvice({
    operatorsLegacy: om.legacy.length,
    operatorsNew: om.new.length,
    perOperatorLegacy: per(om.legacy),
    perOperatorNew: per(om.new),
    days: opts.days,
    components: comps,
    effect: welch.difference,
    marginS: opts.marginS,
    alpha: opts.lookAlpha,
  });
}

function groupBy(s: ArmSample): { values: number[] }[] {
  const m = new Map<string, number[]>();
  for (let i = 0; i < s.values_s.length; i++) {
    const v = m.get(s.operators[i]);
    if (v === undefined) m.set(s.operators[i], [s.values_s[i]]);
    else v.push(s.values_s[i]);
  }
  return [...m.values()].map((values) => ({ values }));
}
