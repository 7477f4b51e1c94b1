import { describe, expect, it } from 'vitest';
import type { Handling } from '../../../aht/handling.js';
import { guardrails, wilson } from '../../../aht/statistics/guardrails.js';

function handling(p: Partial<Handling>): Handling {
  return { caseName: 'inquiry', operatorId: 'o1', caseId: 'c1', startTs: 0, endTs: 1000, durationMs: 1000, activeMs: 1000, arm: 'legacy', requests: 2, outcome: 'completed', transferredTo: null, ...p };
}

describe('wilson', () => {
  it('matches the Wilson score interval (1 of 10: 0.0179–0.4042, scipy 1.17.1: binomtest(1, 10).proportion_ci(method="wilson"))', () => {
    const r = wilson(1, 10);
    expect(r.rate).toBe(0.1);
    expect(r.ci_low).toBeCloseTo(0.0179, 4);
    expect(r.ci_high).toBeCloseTo(0.4042, 4);
    expect(wilson(0, 0).rate).toBeNull();
  });
});

describe('guardrails', () => {
  it('counts a reopen when the same case starts again within the window after a completed handling, by anyone', () => {
    const hs = [
      handling({ caseId: 'a', startTs: 0, endTs: 1000 }),
      handling({ caseId: 'a', operatorId: 'o2', startTs: 5000, endTs: 6000 }), // reopens 'a' 4 s after its end
      handling({ caseId: 'b', startTs: 0, endTs: 1000 }),
      handling({ caseId: 'b', startTs: 100_000, endTs: 101_000 }), // too late for a 60 s window
    ];
    const g = guardrails(hs, 60_000);
    expect(g.reopen.legacy).toMatchObject({ count: 1, of: 4 });
    // Sessionisation records every handling's outcome: none of these was abandoned.
    expect(g.end_reasons_known).toBe(true);
    expect(g.abandonment.legacy).toMatchObject({ count: 0, of: 4, rate: 0 });
  });

  it('with end reasons: abandonment and transfers per arm, and a significantly worse arm is flagged', () => {
    const hs: Handling[] = [];
    for (let o = 0; o < 8; o++) {
      for (let j = 0; j < 10; j++) {
        hs.push(handling({ arm: 'legacy', operatorId: `l${o}`, caseId: `l${o}-${j}`, outcome: j === 0 ? 'abandoned' : 'completed' }));
        hs.push(handling({ arm: 'new', operatorId: `n${o}`, caseId: `n${o}-${j}`, outcome: j < 4 + (o % 2) ? 'abandoned' : j === 9 ? 'transferred' : 'completed' }));
      }
    }
    const g = guardrails(hs, 60_000);
    expect(g.end_reasons_known).toBe(true);
    expect(g.abandonment.legacy).toMatchObject({ count: 8, of: 80 });
    expect(g.abandonment.new).toMatchObject({ count: 36, of: 80 });
    expect(g.abandonment.worse_on_new).toBe(true);
    expect(g.transferred).toEqual({ legacy: 0, new: 8 });
    expect(g.reopen.worse_on_new).toBe(false);
  });
});
