import type { RequestEvent, ServedBy } from '../../model/request-event.js';
import type { Handling, Sessions } from '../../aht/handling.js';
import { SIMULATED_CASE } from '../../aht/simulate.js';

/** Options every scenario runs with: the defaults of `aht` (abandonAfter 60 min, skew tolerance 2 s). */
export const SCENARIO_OPTS = { maxDurationMs: 4 * 3600_000, idleGapMs: 300_000, abandonAfterMs: 3600_000, skewToleranceMs: 2_000 };
export const SCENARIO_CASES = [SIMULATED_CASE];

const T = 1_750_000_000_000;
const S = 1000;
const M = 60_000;
const H = 3_600_000;

/** The fields a scenario pins for each handling it expects (in start order per case id). */
export type ExpectedHandling = Pick<Handling, 'operatorId' | 'caseId' | 'startTs' | 'endTs' | 'durationMs' | 'requests' | 'outcome' | 'transferredTo'>;

/** A hand-made event set, its expected handlings and counts; each scenario has case ids of its own. */
export interface Scenario {
  name: string;
  events: RequestEvent[];
  handlings: ExpectedHandling[];
  /** Dwells of completed handlings, ms, sorted. */
  dwellsMs: number[];
  duplicates: number;
}

let n = 0;
function ev(ts: number, op: string, caseId: string, method: string, path: string, o: { instance?: string; status?: number; servedBy?: ServedBy } = {}): RequestEvent {
  return {
    id: `scn-${(n++).toString().padStart(5, '0')}`,
    ts,
    operatorId: op,
    caseId,
    method,
    routeId: method === 'POST' ? 'inquiry-reply' : 'inquiry',
    path,
    status: o.status ?? 200,
    latencyMs: 3,
    servedBy: o.servedBy ?? 'legacy',
    arm: null,
    fallback: false,
    instance: o.instance ?? 'proxy-a',
  };
}

function h(operatorId: string, caseId: string, startTs: number, endTs: number, requests: number, outcome: Handling['outcome'], transferredTo: string | null = null): ExpectedHandling {
  return { operatorId, caseId, startTs, endTs, durationMs: endTs - startTs, requests, outcome, transferredTo };
}

/** Every edge case of the handling rules (docs/aht.md, "Handling rules"), as a fresh event set. */
export function scenarios(): Scenario[] {
  n = 0;
  return [
    {
      name: 'regression: a reload 20 s after the reply no longer runs until the next reply hours later; it is an abandoned handling of its own and the follow-up a new one',
      events: [
        ev(T, 'ana', 'r1', 'GET', '/api/inquiries/r1'),
        ev(T + 60 * S, 'ana', 'r1', 'GET', '/api/inquiries/r1/history'),
        ev(T + 180 * S, 'ana', 'r1', 'POST', '/api/inquiries/r1/reply'),
        ev(T + 200 * S, 'ana', 'r1', 'GET', '/api/inquiries/r1'),
        ev(T + 3 * H, 'ana', 'r1', 'GET', '/api/inquiries/r1'),
        ev(T + 3 * H + 120 * S, 'ana', 'r1', 'POST', '/api/inquiries/r1/reply'),
      ],
      handlings: [
        h('ana', 'r1', T, T + 180 * S, 3, 'completed'),
        h('ana', 'r1', T + 200 * S, T + 200 * S, 1, 'abandoned'),
        h('ana', 'r1', T + 3 * H, T + 3 * H + 120 * S, 2, 'completed'),
      ],
      dwellsMs: [60 * S, 120 * S, 120 * S],
      duplicates: 0,
    },
    {
      name: 'a handling left for longer than abandonAfter ends as abandoned at its last request; a late end with no start after it closes nothing',
      events: [
        ev(T, 'ben', 'a1', 'GET', '/api/inquiries/a1'),
        ev(T + 10 * M, 'ben', 'a1', 'GET', '/api/inquiries/a1/history'),
        ev(T + 2 * H, 'ben', 'a1', 'GET', '/api/inquiries/a1/history'),
        ev(T + 2 * H + 5 * M, 'ben', 'a1', 'POST', '/api/inquiries/a1/reply'),
        // 59 min of silence is within abandonAfter: the handling goes on.
        ev(T + 5 * H, 'ben', 'a2', 'GET', '/api/inquiries/a2'),
        ev(T + 5 * H + 59 * M, 'ben', 'a2', 'POST', '/api/inquiries/a2/reply'),
      ],
      handlings: [h('ben', 'a1', T, T + 10 * M, 2, 'abandoned'), h('ben', 'a2', T + 5 * H, T + 5 * H + 59 * M, 2, 'completed')],
      dwellsMs: [59 * M],
      duplicates: 0,
    },
    {
      name: 'regression: a trailing slash on the reply no longer leaves the handling abandoned; patterns match after the proxy normalisation',
      events: [
        ev(T, 'cai', 'n1', 'GET', '/api/inquiries/n1'),
        ev(T + 30 * S, 'cai', 'n1', 'POST', '/api/inquiries/n1/reply/'),
        ev(T, 'cai', 'n2', 'GET', '//api//inquiries/n2'),
        ev(T + 40 * S, 'cai', 'n2', 'POST', '/api/%69nquiries/n2/reply'),
        ev(T, 'cai', 'n3', 'GET', '/API/Inquiries/n3/'),
        ev(T + 50 * S, 'cai', 'n3', 'POST', '/api/inquiries/./n3/reply'),
        // Not the screen: one segment more.
        ev(T, 'cai', 'n4', 'GET', '/api/inquiries/n4/x'),
        ev(T + 50 * S, 'cai', 'n4', 'POST', '/api/inquiries/n4/reply'),
      ],
      handlings: [h('cai', 'n1', T, T + 30 * S, 2, 'completed'), h('cai', 'n2', T, T + 40 * S, 2, 'completed'), h('cai', 'n3', T, T + 50 * S, 2, 'completed')],
      dwellsMs: [30 * S, 40 * S, 50 * S],
      duplicates: 0,
    },
    {
      name: 'regression: an end recorded by another instance just before its start (clock skew) closes it instead of losing the handling',
      events: [
        ev(T + 1500, 'dan', 'k1', 'GET', '/api/inquiries/k1', { instance: 'proxy-a' }),
        ev(T, 'dan', 'k1', 'POST', '/api/inquiries/k1/reply', { instance: 'proxy-b' }),
        // Beyond the tolerance (3 s): the end closes nothing, the start is abandoned.
        ev(T + 3000, 'dan', 'k2', 'GET', '/api/inquiries/k2', { instance: 'proxy-a' }),
        ev(T, 'dan', 'k2', 'POST', '/api/inquiries/k2/reply', { instance: 'proxy-b' }),
        // Same instance: its clock is its own, so an end before the start is a real orphan end.
        ev(T + 1000, 'dan', 'k3', 'GET', '/api/inquiries/k3', { instance: 'proxy-a' }),
        ev(T, 'dan', 'k3', 'POST', '/api/inquiries/k3/reply', { instance: 'proxy-a' }),
      ],
      handlings: [
        h('dan', 'k1', T + 1500, T + 1500, 2, 'completed'),
        h('dan', 'k2', T + 3000, T + 3000, 1, 'abandoned'),
        h('dan', 'k3', T + 1000, T + 1000, 1, 'abandoned'),
      ],
      dwellsMs: [0],
      duplicates: 0,
    },
    {
      name: 'regression: near-duplicate events (one retried write logged twice) count once and add no 0 s dwells',
      events: [
        ev(T, 'eve', 'd1', 'GET', '/api/inquiries/d1'),
        ev(T + 30 * S, 'eve', 'd1', 'POST', '/api/inquiries/d1/notes'),
        ev(T + 30 * S + 400, 'eve', 'd1', 'POST', '/api/inquiries/d1/notes'),
        // Another status is another answer: not a duplicate.
        ev(T + 50 * S, 'eve', 'd1', 'POST', '/api/inquiries/d1/notes', { status: 500 }),
        ev(T + 90 * S, 'eve', 'd1', 'POST', '/api/inquiries/d1/reply'),
        ev(T + 90 * S + 900, 'eve', 'd1', 'POST', '/api/inquiries/d1/reply', { instance: 'proxy-b' }),
        // 1.5 s apart is two requests: the second reply is an end with nothing open.
        ev(T + 92 * S, 'eve', 'd1', 'POST', '/api/inquiries/d1/reply'),
      ],
      handlings: [h('eve', 'd1', T, T + 90 * S, 4, 'completed')],
      dwellsMs: [20 * S, 30 * S, 40 * S],
      duplicates: 2,
    },
    {
      name: "regression: a case passed to another operator keeps the first operator's part, as a transferred handling",
      events: [
        ev(T, 'fay', 't1', 'GET', '/api/inquiries/t1'),
        ev(T + 60 * S, 'fay', 't1', 'GET', '/api/inquiries/t1/customer'),
        // Another operator's look at the history is not a hand-over; opening the case is.
        ev(T + 90 * S, 'gus', 't1', 'GET', '/api/inquiries/t1/history'),
        ev(T + 120 * S, 'gus', 't1', 'GET', '/api/inquiries/t1', { servedBy: 'new' }),
        ev(T + 200 * S, 'gus', 't1', 'POST', '/api/inquiries/t1/reply', { servedBy: 'new' }),
      ],
      handlings: [h('fay', 't1', T, T + 60 * S, 2, 'transferred', 'gus'), h('gus', 't1', T + 120 * S, T + 200 * S, 2, 'completed')],
      dwellsMs: [80 * S],
      duplicates: 0,
    },
  ];
}

/** The handlings of one scenario's case ids in `s`, in the expected shape and order. */
export function handlingsOf(s: Sessions, sc: Scenario): ExpectedHandling[] {
  const ids = new Set(sc.events.map((e) => e.caseId));
  return s.handlings
    .filter((x) => ids.has(x.caseId))
    .sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : a.startTs - b.startTs))
    .map(({ operatorId, caseId, startTs, endTs, durationMs, requests, outcome, transferredTo }) => ({ operatorId, caseId, startTs, endTs, durationMs, requests, outcome, transferredTo }));
}
