import { describe, expect, it } from 'vitest';
import { powerAdvice, type PowerInput } from '../../../aht/statistics/power.js';

const BASE: PowerInput = {
  operatorsLegacy: 20,
  operatorsNew: 6,
  perOperatorLegacy: 30,
  perOperatorNew: 30,
  days: 10,
  components: { between: 400, within: 9000, icc: 400 / 9400, perOperator: 30 },
  effect: -20,
  marginS: 5,
  alpha: 0.05,
};

describe('powerAdvice', () => {
  it('counts operators on new from the design effect: (σb² + σw²/m)/k per arm against (δ/(z + z80))²', () => {
    const a = powerAdvice(BASE);
    // maxVar = (20 / (1.959964 + 0.841621))² = 50.963; legacy term (400 + 300)/20 = 35; new: 700 / 15.98 → 44 operators.
    expect(a?.aim).toBe('difference');
    expect(a?.more_operators_new).toBe(44 - 6);
    // Power now: SE = sqrt(35 + 700/6) = 12.32, Φ(20/12.32 − 1.96) = Φ(−0.337) = 0.368.
    expect(a?.power).toBeCloseTo(0.368, 2);
  });

  it('regression: more days do not help when the spread between operators dominates (advice never a case count)', () => {
    const a = powerAdvice({ ...BASE, components: { between: 900, within: 900, icc: 0.5, perOperator: 30 } });
    // Even infinite days leave 900/20 + 900/6 = 195 > maxVar 50.98; operators on new can: 930 / (50.963 − 46.5) = 208.4 → 209.
    expect(a?.more_days).toBeNull();
    expect(a?.more_operators_new).toBe(209 - 6);
    // Both arms growing: (930 + 930) / 50.963 = 36.5 → 37 operators per arm.
    expect(a?.operators_per_arm).toBe(37);
  });

  it('asks for days when the within-operator noise dominates', () => {
    const a = powerAdvice({ ...BASE, operatorsNew: 20, components: { between: 10, within: 60000, icc: 0, perOperator: 30 } });
    // 2 · (10 + 60000 / (30 f)) / 20 ≤ 50.98 → 2000 / f ≤ 499.8 → f > 4.0016 → 31 more days on 10.
    expect(a?.more_days).toBe(31);
  });

  it('sizes an equivalence claim when the effect is inside the margin', () => {
    expect(powerAdvice({ ...BASE, effect: 1 })?.aim).toBe('equivalence');
  });
});
