import { describe, expect, it } from 'vitest';
import { reportFromSessions, type AhtReportConfig } from '../../aht/build-report.js';
import { emptySessions, type Dwell, type Handling, type Sessions } from '../../aht/handling.js';
import { SIMULATED_CASE } from '../../aht/simulate.js';
import { seededRandom } from '../../aht/statistics/random.js';
import { caseSentence } from '../../reports/aht-sentence.js';
import type { RouteConfig } from '../../config/strangler-config.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-02T00:00:00Z');
const CONFIG: AhtReportConfig = { aht: { cases: [SIMULATED_CASE], maxDurationMs: 4 * 3600_000, idleGapMs: 300_000, equivalenceMarginS: 5 }, routes: [] };

/** Handlings of `ops` operators per arm over `days` days; new is `effect` seconds off; `newFrom`: day new starts. */
function sessions(o: { ops: number; days: number; effect: number; newFrom?: number; legacyUntil?: number; abandonNew?: number; seed?: number }): Sessions {
  const rnd = seededRandom(o.seed ?? 3);
  const handlings: Handling[] = [];
  let c = 0;
  for (const arm of ['legacy', 'new'] as const) {
    for (let k = 0; k < o.ops; k++) {
      const speed = Math.exp(0.1 * rnd.normal());
      for (let d = 0; d < o.days; d++) {
        if (arm === 'new' && d < (o.newFrom ?? 0)) continue;
        if (arm === 'legacy' && d >= (o.legacyUntil ?? o.days)) continue;
        for (let j = 0; j < 4; j++) {
          const dur = (300 * speed + (arm === 'new' ? o.effect : 0)) * Math.exp(0.2 * rnd.normal());
          const start = T0 + d * DAY + j * 3_600_000;
          const abandoned = arm === 'new' && j < (o.abandonNew ?? 0);
          handlings.push({
            caseName: 'inquiry', operatorId: `${arm}-${k}`, caseId: String(++c), startTs: start, endTs: start + dur * 1000,
            durationMs: dur * 1000, activeMs: dur * 1000, arm, requests: 3, outcome: abandoned ? 'abandoned' : 'completed', transferredTo: null,
          });
        }
      }
    }
  }
  return { ...emptySessions(), handlings };
}

describe('report checks', () => {
  it('a clear effect with enough operators: new-faster, operators counted, days and the daily series', () => {
    const r = reportFromSessions(sessions({ ops: 12, days: 5, effect: -150 }), CONFIG, { sinceMs: T0 });
    const c = r.cases[0];
    expect(c.verdict).toBe('new-faster');
    expect(c.arms.new.operators).toBe(12);
    expect(c.days).toBe(5);
    expect(c.daily.map((d) => d.day)).toEqual(['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06']);
    expect(c.daily[0].new.n).toBe(48);
    expect(caseSentence(c, 5)).toMatch(/^On inquiry, the new stack is \d+ s faster per handling \(95 % CI \d+–\d+ s, 12 operators per arm, 5 days\); abandonment unchanged, reopens unchanged\.$/);
  });

  it('regression: a new-faster verdict with significantly more abandonment on new says so in its sentence', () => {
    const c = reportFromSessions(sessions({ ops: 12, days: 5, effect: -150, abandonNew: 1 }), CONFIG, { sinceMs: T0 }).cases[0];
    expect(c.verdict).toBe('new-faster');
    expect(c.guardrails.abandonment.worse_on_new).toBe(true);
    expect(caseSentence(c, 5)).toContain('but abandonment higher on new');
  });

  it('regression: shadow before canary — legacy handlings all before new ones — is not compared', () => {
    const c = reportFromSessions(sessions({ ops: 8, days: 6, effect: -60, newFrom: 3, legacyUntil: 3 }), CONFIG, { sinceMs: T0 }).cases[0];
    expect(c.verdict).toBe('inconclusive');
    expect(c.reason).toBe('arms-in-different-periods');
    expect(caseSentence(c, 5)).toContain('different period');
  });

  it('too few operators on new: inconclusive with the reason, whatever the figures', () => {
    const c = reportFromSessions(sessions({ ops: 4, days: 5, effect: -120 }), CONFIG, { sinceMs: T0 }).cases[0];
    expect(c.reason).toBe('too-few-operators');
    expect(reportFromSessions(sessions({ ops: 4, days: 5, effect: -120 }), CONFIG, { sinceMs: T0, minOperators: 3, looks: 1 }).cases[0].verdict).toBe('new-faster');
  });

  it('the canary percent per day comes from flag_audit', () => {
    const route = { id: 'inquiry', methods: ['GET'], path: '/api/inquiries/:inquiryId', mode: 'canary', percent: 10, sample: 0, noise: 0, adapter: null, group: 'inquiry', timeoutMs: null, compare: {} } as unknown as RouteConfig;
    const r = reportFromSessions(sessions({ ops: 6, days: 3, effect: 0 }), { ...CONFIG, routes: [route] }, {
      sinceMs: T0,
      flagHistory: [{ id: 1, routeId: 'inquiry', ts: T0 + DAY + 3_600_000, actor: 't', from: { mode: 'canary', percent: 10, sample: 0 }, to: { mode: 'canary', percent: 40, sample: 0 }, reason: 'r' }],
    });
    expect(r.cases[0].daily.map((d) => d.canary_percent)).toEqual([10, 40, 40]);
  });

  it('paths: p-values are Benjamini–Hochberg adjusted across paths, the raw one kept beside', () => {
    const s = sessions({ ops: 8, days: 2, effect: 0 });
    const rnd = seededRandom(8);
    const dwells: Dwell[] = [];
    for (const route of ['a', 'b', 'c']) {
      for (const arm of ['legacy', 'new'] as const) {
        for (let k = 0; k < 8; k++) for (let j = 0; j < 5; j++) {
          dwells.push({ caseName: 'inquiry', routeId: route, method: 'GET', servedBy: arm, operatorId: `${arm}-${k}`, dwellMs: (20 + (route === 'a' && arm === 'new' ? 10 : 0) + 3 * rnd.normal()) * 1000 });
        }
      }
    }
    const r = reportFromSessions({ ...s, dwells }, CONFIG, { sinceMs: T0 });
    const raw = r.paths.map((p) => p.difference.p_value_raw as number);
    const sorted = [...raw].sort((x, y) => x - y);
    const bh = raw.map((p) => Math.min(...sorted.map((q, i) => (i >= sorted.indexOf(p) ? Math.min(1, (q * 3) / (i + 1)) : 1))));
    r.paths.forEach((p, i) => expect(p.difference.p_value).toBeCloseTo(bh[i], 9));
    expect(r.paths[0].verdict).toBe('new-slower');
    expect(r.method.multiple_paths).toContain('Benjamini–Hochberg');
  });
});
