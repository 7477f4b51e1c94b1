import { describe, expect, it } from 'vitest';
import { sessionize, compileCases } from '../../aht/sessionize.js';
import { simulateEvents, SIMULATED_CASE } from '../../aht/simulate.js';
import { edgeCaseEvents, EDGE_CASES } from './edge-events.js';
import type { RequestEvent } from '../../model/request-event.js';

const OPTS = { maxDurationMs: 4 * 3600_000, idleGapMs: 300_000 };
const T = 1_700_000_000_000;

function ev(i: number, ts: number, op: string, caseId: string, method: string, path: string, servedBy: 'legacy' | 'new' = 'legacy'): RequestEvent {
  return { id: `x${i.toString().padStart(4, '0')}`, ts, operatorId: op, caseId, method, routeId: null, path, status: 200, latencyMs: 1, servedBy, arm: null, fallback: false, instance: 't' };
}

describe('sessionize', () => {
  it('keeps interleaved cases of one operator apart (several open at once)', () => {
    const events = [
      ev(1, T, 'a', '1', 'GET', '/api/inquiries/1'),
      ev(2, T + 10_000, 'a', '2', 'GET', '/api/inquiries/2'),
      ev(3, T + 20_000, 'a', '1', 'GET', '/api/inquiries/1/history'),
      ev(4, T + 30_000, 'a', '2', 'POST', '/api/inquiries/2/reply'),
      ev(5, T + 50_000, 'a', '1', 'POST', '/api/inquiries/1/reply'),
    ];
    const s = sessionize(events, [SIMULATED_CASE], OPTS);
    const byCase = Object.fromEntries(s.handlings.map((h) => [h.caseId, h]));
    expect(byCase['1'].durationMs).toBe(50_000);
    expect(byCase['1'].requests).toBe(3);
    expect(byCase['2'].durationMs).toBe(20_000);
    expect(s.dwells.map((d) => d.dwellMs).sort((x, y) => x - y)).toEqual([20_000, 20_000, 30_000]);
  });

  it('counts an unclosed case as abandoned (kept with its outcome) and a case served by both sides as mixed', () => {
    const events = [
      ev(1, T, 'a', '1', 'GET', '/api/inquiries/1'),
      ev(2, T, 'b', '2', 'GET', '/api/inquiries/2', 'new'),
      ev(3, T + 5000, 'b', '2', 'GET', '/api/inquiries/2/history', 'legacy'),
      ev(4, T + 9000, 'b', '2', 'POST', '/api/inquiries/2/reply', 'new'),
    ];
    const s = sessionize(events, [SIMULATED_CASE], OPTS);
    expect(s.abandoned.inquiry).toBe(1);
    expect(s.handlings.map((h) => [h.operatorId, h.outcome, h.arm])).toEqual([['a', 'abandoned', 'legacy'], ['b', 'completed', 'mixed']]);
  });

  it('leaves out and counts handlings over maxDuration', () => {
    // Worked on throughout (a request every 50 min, inside abandonAfter), closed after 5 h.
    const events = [
      ev(1, T, 'a', '1', 'GET', '/api/inquiries/1'),
      ...[1, 2, 3, 4, 5].map((k) => ev(1 + k, T + k * 50 * 60_000, 'a', '1', 'GET', '/api/inquiries/1/history')),
      ev(7, T + 5 * 3600_000, 'a', '1', 'POST', '/api/inquiries/1/reply'),
    ];
    const s = sessionize(events, [SIMULATED_CASE], OPTS);
    expect(s.handlings).toHaveLength(0);
    expect(s.overMaxDuration.inquiry).toBe(1);
  });

  it('opens at the first start, closes at the first end, ignores an end with nothing open, and excludes idle gaps from active time', () => {
    const s = sessionize(edgeCaseEvents(), EDGE_CASES, OPTS);
    const byOp = Object.fromEntries(s.handlings.map((h) => [h.operatorId, h]));
    // e1: `review_%` in any case starts (literals compare as the proxy's routes do), not `reviewX%`; `get`
    // does not end; the reply with a trailing slash does (the proxy routes it alike).
    expect(byOp.e1).toMatchObject({ startTs: T + 1000, endTs: T + 4000, arm: 'legacy', requests: 4, outcome: 'completed' });
    // e2: the second start 800 ms after the first is a near-duplicate, as is the second close; so is e1's
    // decision 1 s after the one with a trailing slash (the same path once normalised).
    expect(byOp.e2).toMatchObject({ startTs: T + 100, endTs: T + 1500, requests: 3 });
    expect(s.duplicates.item_review).toBe(3);
    expect(byOp.e3).toBeUndefined();
    expect(byOp.e4).toMatchObject({ durationMs: 1_260_000, activeMs: 60_000 });
    expect(s.abandoned.item_review).toBe(0);
  });

  it('finds the generated counts of completed, abandoned, mixed and over-long cases', () => {
    const sim = simulateEvents({ seed: 3, operators: 20, handlingsPerOperator: 15, abandonRate: 0.1, mixedRate: 0.1, overMaxRate: 0.05 });
    const s = sessionize(sim.events, [SIMULATED_CASE], OPTS);
    expect(s.abandoned.inquiry).toBe(sim.truth.abandoned);
    expect(s.overMaxDuration.inquiry).toBe(sim.truth.overMax);
    const completed = s.handlings.filter((h) => h.outcome === 'completed');
    expect(completed.filter((h) => h.arm === 'mixed')).toHaveLength(sim.truth.mixed);
    expect(completed.filter((h) => h.arm !== 'mixed')).toHaveLength(sim.truth.completed);
    expect(s.transferred.inquiry).toBe(0);
  });

  it('rejects a case pattern that is not "METHOD /pattern" and a param that is not in the start', () => {
    expect(() => compileCases([{ ...SIMULATED_CASE, start: '/api/inquiries/:id' }])).toThrow(expect.objectContaining({ code: 'AHT_ERR_BAD_CASE_PATTERN' }));
    expect(() => compileCases([{ ...SIMULATED_CASE, end: ['POST /api/*'] }])).toThrow(expect.objectContaining({ code: 'AHT_ERR_BAD_CASE_PATTERN' }));
    expect(() => compileCases([{ ...SIMULATED_CASE, param: 'inquiryId' }])).toThrow(expect.objectContaining({ code: 'AHT_ERR_BAD_CASE_PARAM' }));
  });
});
