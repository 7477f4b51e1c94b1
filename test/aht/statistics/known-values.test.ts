import { describe, expect, it } from 'vitest';
import { compareArms, type ArmSample } from '../../../aht/statistics/compare-arms.js';
import { benjaminiHochberg } from '../../../aht/statistics/fdr.js';
import { operatorMeans, welchInterval, welchT } from '../../../aht/statistics/cluster-t.js';
import { mannWhitneyU } from '../../../aht/statistics/mann-whitney.js';
import { seededRandom } from '../../../aht/statistics/random.js';
import { perLookAlpha } from '../../../aht/statistics/sequential.js';

/*
 * Expected values computed outside this code base, with Python 3 and scipy 1.17.1:
 *
 *   import numpy as np; from scipy import stats
 *   legacy = {'L1':[310,280,295],'L2':[402,380],'L3':[250,265,240,255],'L4':[330,345],'L5':[298,310,305],'L6':[275]}
 *   new = {'N1':[240,260],'N2':[300,310,290],'N3':[228,236],'N4':[270,262,281],'N5':[215,230,225]}
 *   a = [np.mean(v) for v in legacy.values()]; b = [np.mean(v) for v in new.values()]
 *   r = stats.ttest_ind(b, a, equal_var=False)          # t -2.2114595016692276, df 8.487384227944734, p 0.056067319090075604
 *   r.confidence_interval(0.95)                          # (-109.66038632238995, 1.7492752112787997)
 *   r.confidence_interval(1 - 0.05/28)                   # (-163.1411660342149, 55.23005492310375)
 *   stats.mannwhitneyu(a, b, use_continuity=True, method='asymptotic', alternative='two-sided').pvalue
 *                                                        # 0.05523425371806383
 *   stats.false_discovery_control([0.01, 0.04, 0.03, 0.20, 0.005], method='bh')
 *                                                        # [0.025, 0.05, 0.05, 0.2, 0.025]
 */
const LEGACY: Record<string, number[]> = { L1: [310, 280, 295], L2: [402, 380], L3: [250, 265, 240, 255], L4: [330, 345], L5: [298, 310, 305], L6: [275] };
const NEW: Record<string, number[]> = { N1: [240, 260], N2: [300, 310, 290], N3: [228, 236], N4: [270, 262, 281], N5: [215, 230, 225] };

function sample(arm: Record<string, number[]>): ArmSample {
  const s: ArmSample = { values_s: [], active_s: [], operators: [] };
  for (const [op, vs] of Object.entries(arm)) for (const v of vs) {
    s.values_s.push(v);
    s.operators.push(op);
  }
  return s;
}

describe('statistics against values computed by scipy', () => {
  const a = operatorMeans(sample(LEGACY).values_s, sample(LEGACY).operators).map((o) => o.mean);
  const b = operatorMeans(sample(NEW).values_s, sample(NEW).operators).map((o) => o.mean);

  it('Welch t on operator means: t, df, p and the 95 % and per-look intervals', () => {
    const w = welchT(a, b);
    expect(w?.t).toBeCloseTo(-2.2114595016692276, 10);
    expect(w?.df).toBeCloseTo(8.487384227944734, 10);
    expect(w?.pValue).toBeCloseTo(0.056067319090075604, 10);
    const ci = welchInterval(w!, 0.05);
    expect(ci.low).toBeCloseTo(-109.66038632238995, 7);
    expect(ci.high).toBeCloseTo(1.7492752112787997, 7);
    const av = welchInterval(w!, perLookAlpha(28));
    expect(av.low).toBeCloseTo(-163.1411660342149, 6);
    expect(av.high).toBeCloseTo(55.23005492310375, 6);
  });

  it('Mann–Whitney U on operator means (normal approximation, continuity correction)', () => {
    // To 1e-7: the normal CDF comes from simple-statistics' error function, a 1e-7 approximation.
    expect(mannWhitneyU(a, b)?.pValue).toBeCloseTo(0.05523425371806383, 7);
  });

  it('Benjamini–Hochberg adjusted p-values', () => {
    const adj = benjaminiHochberg([0.01, 0.04, 0.03, 0.2, 0.005]);
    [0.025, 0.05, 0.05, 0.2, 0.025].forEach((v, i) => expect(adj[i]).toBeCloseTo(v, 12));
    expect(benjaminiHochberg([null, 0.01])).toEqual([null, 0.01]);
  });

  it('the report fields carry those figures, handlings grouped by operator (6 and 5 operators)', () => {
    const r = compareArms(sample(LEGACY), sample(NEW), { marginS: 5, minOperators: 5, lookAlpha: perLookAlpha(28), days: 1 });
    expect(r.arms.legacy.operators).toBe(6);
    expect(r.arms.new.operators).toBe(5);
    expect(r.difference.ci_low_s).toBeCloseTo(-109.66, 2);
    expect(r.difference.p_value).toBeCloseTo(0.0560673191, 9);
    expect(r.difference.mann_whitney_p).toBeCloseTo(0.0552342537, 7);
    expect(r.verdict).toBe('inconclusive');
    expect(r.reason).toBe('not-enough-evidence');
  });
});

describe('few operators', () => {
  it('regression: with 4 operators on new the verdict is inconclusive, too-few-operators, however large the difference', () => {
    const fresh = sample({ N1: [100, 101], N2: [102, 99], N3: [98, 100], N4: [101, 103] });
    const r = compareArms(sample(LEGACY), fresh, { marginS: 5, minOperators: 5, lookAlpha: perLookAlpha(28), days: 1 });
    expect(r.verdict).toBe('inconclusive');
    expect(r.reason).toBe('too-few-operators');
  });

  it('regression: A/A with 6 operators per arm and operator random effects no longer claims a difference in 28.5 % of runs', () => {
    const rnd = seededRandom(99);
    let claims = 0;
    let p05 = 0;
    const reps = 200;
    for (let r = 0; r < reps; r++) {
      const arm = (tag: string): ArmSample => {
        const s: ArmSample = { values_s: [], active_s: [], operators: [] };
        for (let o = 0; o < 6; o++) {
          const speed = Math.exp(0.3 * rnd.normal());
          for (let j = 0; j < 40; j++) {
            s.values_s.push(300 * speed * Math.exp(0.6 * rnd.normal()));
            s.operators.push(`${tag}${o}`);
          }
        }
        return s;
      };
      const c = compareArms(arm('l'), arm('n'), { marginS: 5, minOperators: 5, lookAlpha: perLookAlpha(28), days: 14 });
      if (c.verdict === 'new-faster' || c.verdict === 'new-slower') claims++;
      if ((c.difference.p_value as number) < 0.05) p05++;
    }
    expect(claims / reps).toBeLessThanOrEqual(0.06);
    // The single-look test itself is honest at the operator level: about 5 %, far from 28.5 %.
    expect(p05 / reps).toBeLessThanOrEqual(0.1);
  });
});
