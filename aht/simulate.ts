import type { RequestEvent, ServedBy } from '../model/request-event.js';
import type { AhtCaseConfig } from '../config/strangler-config.js';
import { seededRandom } from './statistics/random.js';

/** The case type the simulation generates (the sample CS domain's inquiry). */
export const SIMULATED_CASE: AhtCaseConfig = {
  name: 'inquiry',
  start: 'GET /api/inquiries/:id',
  end: ['POST /api/inquiries/:id/reply'],
  param: 'id',
};

/** What to generate; every figure has a default. */
export interface SimulationOptions {
  seed: number;
  operators?: number;
  handlingsPerOperator?: number;
  /** Share of operators served by the new stack (their whole case), 0..1 (default 0.5). */
  newShare?: number;
  /** Mean handling duration on legacy, seconds (default 300). */
  legacyMeanS?: number;
  /** True new − legacy difference of mean handling duration, seconds (default 0). */
  effectS?: number;
  /** Log-normal shape of durations (default 0.6: a heavy right tail). */
  sigma?: number;
  /** Spread of operator speed (log-normal, default 0.2). */
  operatorSigma?: number;
  abandonRate?: number;
  mixedRate?: number;
  /** Share of handlings stretched past 4 h (default 0). */
  overMaxRate?: number;
  startMs?: number;
  /** Handlings per operator in a pre-period 30 days before `startMs`, all on legacy (for CUPED; default 0). */
  preHandlingsPerOperator?: number;
}

/** Start of the generated pre-period relative to `startMs`. */
export const PRE_PERIOD_OFFSET_MS = 30 * 24 * 3600_000;

/** The events and what they were generated with, to check estimates against. */
export interface Simulation {
  events: RequestEvent[];
  truth: { differenceS: number; legacyMeanS: number; completed: number; abandoned: number; mixed: number; overMax: number };
}

const MIDDLE = [
  { method: 'GET', route: 'inquiry-history', path: (id: string) => `/api/inquiries/${id}/history` },
  { method: 'GET', route: 'inquiry-customer', path: (id: string) => `/api/inquiries/${id}/customer` },
  { method: 'POST', route: 'inquiry-note', path: (id: string) => `/api/inquiries/${id}/notes` },
];

/**
 * Seeded synthetic request events with a known effect: log-normal handling durations (mean legacyMeanS
 * on legacy, × (1 + effectS / legacyMeanS) on new, so the true mean difference is effectS), operator
 * speed factors of mean 1, cases that overlap per operator, abandoned and mixed cases.
 */
export function simulateEvents(o: SimulationOptions): Simulation {
  const rnd = seededRandom(o.seed);
  const operators = o.operators ?? 40;
  const perOp = o.handlingsPerOperator ?? 10;
  const legacyMean = o.legacyMeanS ?? 300;
  const effect = o.effectS ?? 0;
  const sigma = o.sigma ?? 0.6;
  const opSigma = o.operatorSigma ?? 0.2;
  const nNew = Math.round((o.newShare ?? 0.5) * operators);
  const t0 = o.startMs ?? 1_700_000_000_000;
  const events: RequestEvent[] = [];
  const truth = { differenceS: effect, legacyMeanS: legacyMean, completed: 0, abandoned: 0, mixed: 0, overMax: 0 };
  let seq = 0;
  let caseSeq = 0;
  const push = (ts: number, op: string, caseId: string, method: string, route: string, path: string, servedBy: ServedBy): void => {
    events.push({
      id: `s${o.seed.toString(16)}-${(seq++).toString(16).padStart(8, '0')}`,
      ts: Math.round(ts),
      operatorId: op,
      caseId,
      method,
      routeId: route,
      path,
      status: 200,
      latencyMs: 20,
      servedBy,
      arm: servedBy === 'new' ? 'canary-new' : 'canary-legacy',
      fallback: false,
      instance: 'sim',
    });
  };
  for (let k = 0; k < operators; k++) {
    const op = `op-${k.toString().padStart(4, '0')}`;
    const side: ServedBy = k < nNew ? 'new' : 'legacy';
    const speed = Math.exp(opSigma * rnd.normal() - (opSigma * opSigma) / 2);
    // The pre-period: the same operator (same speed), all legacy, simple complete cases.
    let tp = t0 - PRE_PERIOD_OFFSET_MS;
    for (let j = 0; j < (o.preHandlingsPerOperator ?? 0); j++) {
      const id = String(++caseSeq);
      const durS = legacyMean * speed * Math.exp(sigma * rnd.normal() - (sigma * sigma) / 2);
      push(tp, op, id, 'GET', 'inquiry', `/api/inquiries/${id}`, 'legacy');
      push(tp + durS * 1000, op, id, 'POST', 'inquiry-reply', `/api/inquiries/${id}/reply`, 'legacy');
      tp += durS * 1000 + 1000;
    }
    let t = t0 + rnd.next() * 60_000;
    for (let j = 0; j < perOp; j++) {
      const id = String(++caseSeq);
      const base = legacyMean * speed * Math.exp(sigma * rnd.normal() - (sigma * sigma) / 2);
      let durS = side === 'new' ? base * (1 + effect / legacyMean) : base;
      const overMax = rnd.next() < (o.overMaxRate ?? 0);
      if (overMax) durS = 5 * 3600;
      const abandoned = rnd.next() < (o.abandonRate ?? 0);
      const mixed = !abandoned && rnd.next() < (o.mixedRate ?? 0);
      // Middle requests at sorted uniform points of the handling.
      const k2 = 1 + rnd.int(4);
      const points = Array.from({ length: k2 }, () => rnd.next()).sort((a, b) => a - b);
      push(t, op, id, 'GET', 'inquiry', `/api/inquiries/${id}`, side);
      points.forEach((p, i) => {
        const m = MIDDLE[rnd.int(MIDDLE.length)];
        const servedBy: ServedBy = mixed && i === 0 ? (side === 'new' ? 'legacy' : 'new') : side;
        push(t + p * durS * 1000, op, id, m.method, m.route, m.path(id), servedBy);
      });
      // An over-long handling is worked on throughout: a request every 30 min keeps it inside abandonAfter.
      if (overMax) for (let at = 1_800_000; at < durS * 1000; at += 1_800_000) push(t + at, op, id, 'GET', 'inquiry-history', `/api/inquiries/${id}/history`, side);
      if (!abandoned) push(t + durS * 1000, op, id, 'POST', 'inquiry-reply', `/api/inquiries/${id}/reply`, side);
      if (abandoned) truth.abandoned++;
      else if (overMax) truth.overMax++;
      else if (mixed) truth.mixed++;
      else truth.completed++;
      // The next case often opens before this one is closed: several open cases per operator.
      t += rnd.next() * durS * 1000 * 1.2;
    }
  }
  return { events, truth };
}
