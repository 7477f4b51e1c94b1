import type { VarianceComponents } from './icc.js';
import { normalCdf, Z_80, Z_90 } from './normal.js';
import { tQuantile } from './t-distribution.js';

/** Days beyond which "more days" is not offered (the answer would be no answer). */
const MAX_DAYS = 365;

/** What more data would give 80 % power at the observed effect, counted in operators and days. */
export interface PowerAdvice {
  /** What the advice aims at: showing the observed difference, or equivalence within ±margin. */
  aim: 'difference' | 'equivalence';
  /** Power the data in hand has for that aim, 0..1. */
  power: number;
  /** More operators on new (legacy as it is, today's handlings per operator); null: operators on new alone cannot get there. */
  more_operators_new: number | null;
  /** More days at today's rate of handlings per operator, same operators; null: more days alone cannot get there (the spread between operators dominates). */
  more_days: number | null;
  /** Operators per arm (both arms growing, today's handlings per operator) that would give 80 % power. */
  operators_per_arm: number;
}

/** The arms as they stand: operators, handlings per operator, days observed. */
export interface PowerInput {
  operatorsLegacy: number;
  operatorsNew: number;
  perOperatorLegacy: number;
  perOperatorNew: number;
  days: number;
  components: VarianceComponents;
  effect: number;
  marginS: number;
  /** Two-sided level of one look. */
  alpha: number;
}

/**
 * 80 % power in operators and days from the variance components (design effect): the variance of an
 * arm's mean of operator means is (σ²between + σ²within / m) / k, so more handlings per operator (days)
 * only shrink the second term and more operators shrink both. Normal approximation at the level of one look.
 */
export function powerAdvice(p: PowerInput): PowerAdvice | null {
  const { between, within } = p.components;
  const a = Math.abs(p.effect);
  const aim = a >= p.marginS ? 'difference' : 'equivalence';
  const z = aim === 'difference' ? zq(1 - p.alpha / 2) + Z_80 : zq(1 - p.alpha) + Z_90;
  const target = aim === 'difference' ? a : p.marginS - a;
  if (!(target > 0) || p.operatorsLegacy < 1 || p.operatorsNew < 1 || p.days <= 0) return null;
  const armVar = (m: number, k: number): number => (between + within / m) / k;
  const seNow = Math.sqrt(armVar(p.perOperatorLegacy, p.operatorsLegacy) + armVar(p.perOperatorNew, p.operatorsNew));
  if (!(seNow > 0)) return null;
  const zHalf = aim === 'difference' ? zq(1 - p.alpha / 2) : zq(1 - p.alpha);
  const power = aim === 'difference' ? normalCdf(target / seNow - zHalf) : Math.max(0, 2 * normalCdf(target / seNow - zHalf) - 1);
  const maxVar = (target / z) ** 2;
  const room = maxVar - armVar(p.perOperatorLegacy, p.operatorsLegacy);
  const kNew = room > 0 ? Math.ceil((between + within / p.perOperatorNew) / room) : null;
  let moreDays: number | null = null;
  for (let d = 0; d <= MAX_DAYS; d++) {
    const f = (p.days + d) / p.days;
    if (armVar(p.perOperatorLegacy * f, p.operatorsLegacy) + armVar(p.perOperatorNew * f, p.operatorsNew) <= maxVar) {
      moreDays = d;
      break;
    }
  }
  return {
    aim,
    power: Math.round(power * 1000) / 1000,
    more_operators_new: kNew === null ? null : Math.max(0, kNew - p.operatorsNew),
    more_days: moreDays,
    operators_per_arm: Math.ceil((armVar(p.perOperatorLegacy, 1) + armVar(p.perOperatorNew, 1)) / maxVar),
  };
}

/** Standard normal quantile. */
function zq(p: number): number {
  return tQuantile(p, 1e12);
}
