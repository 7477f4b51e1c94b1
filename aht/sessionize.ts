import type { RequestEvent } from '../model/request-event.js';
import type { AhtCaseConfig } from '../config/strangler-config.js';
import { compileCasePattern, type CasePattern } from './case-pattern.js';
import { AHT_ERR_BAD_CASE_PARAM } from './errors.js';
import { armOf, type Handling, type Dwell, type Sessions } from './handling.js';

/** Limits of a sessionisation (from `aht` in the config). */
export interface SessionizeOptions {
  maxDurationMs: number;
  idleGapMs: number;
}

/** A case type compiled once: its start and end patterns. */
export interface CompiledCase {
  name: string;
  start: CasePattern;
  end: CasePattern[];
  param: string;
}

/** Compile `aht.cases[]` (throws AHT_ERR_BAD_CASE_PATTERN). */
export function compileCases(cases: readonly AhtCaseConfig[]): CompiledCase[] {
  return cases.map((c) => {
    const start = compileCasePattern(c.start, c.name);
    if (!start.segments.some((s) => 'param' in s && s.param === c.param)) throw new AHT_ERR_BAD_CASE_PARAM(c.name, c.param, c.start);
    return { name: c.name, start, end: c.end.map((e) => compileCasePattern(e, c.name)), param: c.param };
  });
}

/**
 * In-process sessionisation (small data, tests, the demo). Per case type, operator and case id, in
 * ts order (ties in input order): a start opens a handling unless one is open; the first end closes it; an event that
 * matches both an end and the start counts as an end. The SQL form (sql/sessionize-sql.ts) is the same.
 */
export function sessionize(events: readonly RequestEvent[], cases: readonly AhtCaseConfig[], opts: SessionizeOptions): Sessions {
  const compiled = compileCases(cases);
  const byKey = new Map<string, RequestEvent[]>();
  for (const e of events) {
    if (e.operatorId === null || e.caseId === null) continue;
    const key = `${e.operatorId}\u0000${e.caseId}`;
    let list = byKey.get(key);
    if (list === undefined) byKey.set(key, (list = []));
    list.push(e);
  }
  // Stable sort: equal timestamps keep input order, as the store's insertion counter `seq` does in SQL.
  for (const list of byKey.values()) list.sort((a, b) => a.ts - b.ts);

  const out: Sessions = { handlings: [], dwells: [], abandoned: {}, overMaxDuration: {} };
  for (const c of compiled) {
    out.abandoned[c.name] = 0;
    out.overMaxDuration[c.name] = 0;
    for (const list of byKey.values()) {
      let window: RequestEvent[] | null = null;
      for (const e of list) {
        const kind = c.end.some((p) => p.match(e.method, e.path) !== null) ? 2 : c.start.match(e.method, e.path) !== null ? 1 : 0;
        if (window === null) {
          if (kind === 1) window = [e];
          continue;
        }
        window.push(e);
        if (kind === 2) {
          close(c.name, window, opts, out);
          window = null;
        }
      }
      if (window !== null) out.abandoned[c.name]++;
    }
  }
  return out;
}

function close(caseName: string, window: RequestEvent[], opts: SessionizeOptions, out: Sessions): void {
  const first = window[0];
  const last = window[window.length - 1];
  const durationMs = last.ts - first.ts;
  if (durationMs > opts.maxDurationMs) {
    out.overMaxDuration[caseName]++;
    return;
  }
  let activeMs = 0;
  let legacy = 0;
  let fresh = 0;
  const dwells: Dwell[] = [];
  for (let i = 0; i < window.length; i++) {
    const e = window[i];
    if (e.servedBy === 'new') fresh++;
    else legacy++;
    if (i + 1 < window.length) {
      const dwellMs = window[i + 1].ts - e.ts;
      if (dwellMs <= opts.idleGapMs) activeMs += dwellMs;
      dwells.push({ caseName, routeId: e.routeId, method: e.method, servedBy: e.servedBy, operatorId: first.operatorId as string, dwellMs });
    }
  }
  const h: Handling = {
    caseName,
    operatorId: first.operatorId as string,
    caseId: first.caseId as string,
    startTs: first.ts,
    endTs: last.ts,
    durationMs,
    activeMs,
    arm: armOf(legacy, fresh),
    requests: window.length,
  };
  out.handlings.push(h);
  for (const d of dwells) out.dwells.push(d);
}
