import type { RequestEvent, ServedBy } from '../model/request-event.js';
import type { AhtCaseConfig } from '../config/strangler-config.js';
import { normalizePath } from '../routing/normalize-path.js';
import { compileCasePattern, type CasePattern } from './case-pattern.js';
import { AHT_ERR_BAD_CASE_PARAM } from './errors.js';
import { armOf, emptySessions, type Dwell, type HandlingOutcome, type Sessions } from './handling.js';

/** Limits of a sessionisation (from `aht` in the config). */
export interface SessionizeOptions {
  maxDurationMs: number;
  idleGapMs: number;
  /** No request from the operator in the case for longer than this closes the handling as abandoned (default 60 min). */
  abandonAfterMs?: number;
  /** An end recorded by another instance up to this long before its start closes it (default 2 s). */
  skewToleranceMs?: number;
}

/** Default `aht.abandonAfter` (**contract**). */
export const DEFAULT_ABANDON_AFTER_MS = 60 * 60_000;
/** Default `aht.skewTolerance`. */
export const DEFAULT_SKEW_TOLERANCE_MS = 2_000;
/** Same operator, case, method, path and status within this long: one request logged twice (a retried write). */
export const NEAR_DUPLICATE_MS = 1_000;

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

/** One request of a case stream: what the handling rules read (a RequestEvent has these fields). */
export interface StreamEvent {
  ts: number;
  operatorId: string;
  method: string;
  path: string;
  status: number;
  servedBy: ServedBy;
  routeId: string | null;
  instance: string;
}

/**
 * In-process sessionisation (small data, tests, the demo): the events of each case id in (ts, input order)
 * walked by `sessionizeStream()`. The SQL form (sql/sessionize-sql.ts) hands the same streams, in (ts, seq)
 * order, to the same walk.
 */
export function sessionize(events: readonly RequestEvent[], cases: readonly AhtCaseConfig[], opts: SessionizeOptions): Sessions {
  const compiled = compileCases(cases);
  const byCase = new Map<string, StreamEvent[]>();
  for (const e of events) {
    if (e.operatorId === null || e.caseId === null) continue;
    let list = byCase.get(e.caseId);
    if (list === undefined) byCase.set(e.caseId, (list = []));
    list.push(e as StreamEvent);
  }
  const out = emptySessions();
  initCounts(compiled, out);
  // Case ids in one order (`byCaseId`) in both forms: the statistics' resampling follows the handlings' order.
  for (const caseId of [...byCase.keys()].sort(byCaseId)) {
    const list = byCase.get(caseId) as StreamEvent[];
    // Stable sort: equal timestamps keep input order, as the store's insertion counter `seq` does in SQL.
    list.sort((a, b) => a.ts - b.ts);
    sessionizeStream(compiled, caseId, list, opts, out);
  }
  return out;
}

/** The order case ids are walked in, in-process and SQL alike. */
export function byCaseId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Zero counts for every case type, so a type without handlings still shows up. */
export function initCounts(compiled: readonly CompiledCase[], out: Sessions): void {
  for (const c of compiled) {
    out.abandoned[c.name] ??= 0;
    out.transferred[c.name] ??= 0;
    out.overMaxDuration[c.name] ??= 0;
    out.duplicates[c.name] ??= 0;
  }
}

const OTHER = 0;
const START = 1;
const END = 2;

/** One request inside an open handling, at its effective time (an end moved past its skewed start). */
interface Step {
  e: StreamEvent;
  ts: number;
}

/**
 * The handling rules (docs/aht.md, "Handling rules") over one case id's requests, all operators, in
 * (ts, seq) order; adds to `out` for every case type:
 * - a near-duplicate (same operator, method, normalised path and status within 1 s of the last one) counts once;
 * - a start opens a handling for its operator when none is open; the first end of that operator closes it
 *   (`completed`); an event matching an end and the start is an end;
 * - a start or end of another operator in the case ends an open handling as `transferred` at its last
 *   request (another operator's other requests are not part of it);
 * - a request of the same operator after more than `abandonAfter` ends it as `abandoned` at its last
 *   request; so does the end of the data;
 * - an end with nothing open, followed within `skewTolerance` by the same operator's start recorded by
 *   another instance, closes that start (clock skew between instances): duration 0, never negative.
 */
export function sessionizeStream(
  compiled: readonly CompiledCase[],
  caseId: string,
  evs: readonly StreamEvent[],
  opts: SessionizeOptions,
  out: Sessions,
): void {
  const abandonAfterMs = opts.abandonAfterMs ?? DEFAULT_ABANDON_AFTER_MS;
  const skewMs = opts.skewToleranceMs ?? DEFAULT_SKEW_TOLERANCE_MS;
  const n = evs.length;
  const segs: (readonly string[])[] = new Array(n);
  const dup = new Uint8Array(n);
  const last = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const e = evs[i];
    segs[i] = normalizePath(e.path);
    const key = `${e.operatorId}\u0000${e.method}\u0000${e.status}\u0000${segs[i].join('/')}`;
    const prev = last.get(key);
    if (prev !== undefined && e.ts - prev <= NEAR_DUPLICATE_MS) dup[i] = 1;
    last.set(key, e.ts);
  }
  const kinds = new Uint8Array(n);
  for (const c of compiled) {
    for (let i = 0; i < n; i++) {
      const e = evs[i];
      kinds[i] = c.end.some((p) => p.matchSegments(e.method, segs[i]) !== null)
        ? END
        : c.start.matchSegments(e.method, segs[i]) !== null
          ? START
          : OTHER;
    }
    walk(c.name, caseId, evs, kinds, dup, abandonAfterMs, skewMs, opts, out);
  }
}

function walk(
  caseName: string,
  caseId: string,
  evs: readonly StreamEvent[],
  kinds: Uint8Array,
  dup: Uint8Array,
  abandonAfterMs: number,
  skewMs: number,
  opts: SessionizeOptions,
  out: Sessions,
): void {
  let open: Step[] | null = null;
  // A start already taken by a skewed end before it.
  let taken = -1;
  for (let i = 0; i < evs.length; i++) {
    if (i === taken) continue;
    const e = evs[i];
    const kind = kinds[i];
    if (dup[i] === 1) {
      if (open !== null || kind !== OTHER) out.duplicates[caseName]++;
      continue;
    }
    if (open !== null) {
      const o = open[open.length - 1];
      if (e.operatorId !== o.e.operatorId) {
        // Only a start or end of this case type hands the case over: ids of two case types can coincide.
        if (kind === OTHER) continue;
        close(caseName, caseId, open, 'transferred', e.operatorId, opts, out);
        open = null;
      } else if (e.ts - o.ts > abandonAfterMs) {
        close(caseName, caseId, open, 'abandoned', null, opts, out);
        open = null;
      }
    }
    if (open !== null) {
      open.push({ e, ts: e.ts });
      if (kind === END) {
        close(caseName, caseId, open, 'completed', null, opts, out);
        open = null;
      }
      continue;
    }
    if (kind === START) {
      open = [{ e, ts: e.ts }];
    } else if (kind === END) {
      let j = i + 1;
      while (j < evs.length && dup[j] === 1) j++;
      const s = j < evs.length ? evs[j] : null;
      if (s !== null && kinds[j] === START && s.operatorId === e.operatorId && s.instance !== e.instance && s.ts - e.ts <= skewMs) {
        close(caseName, caseId, [{ e: s, ts: s.ts }, { e, ts: s.ts }], 'completed', null, opts, out);
        taken = j;
      }
    }
  }
  if (open !== null) close(caseName, caseId, open, 'abandoned', null, opts, out);
}

function close(
  caseName: string,
  caseId: string,
  steps: readonly Step[],
  outcome: HandlingOutcome,
  transferredTo: string | null,
  opts: SessionizeOptions,
  out: Sessions,
): void {
  const first = steps[0];
  const lastStep = steps[steps.length - 1];
  const durationMs = lastStep.ts - first.ts;
  const operatorId = first.e.operatorId;
  if (outcome === 'completed' && durationMs > opts.maxDurationMs) {
    out.overMaxDuration[caseName]++;
    return;
  }
  let activeMs = 0;
  let fresh = 0;
  const dwells: Dwell[] = [];
  for (let i = 0; i < steps.length; i++) {
    const { e, ts } = steps[i];
    if (e.servedBy === 'new') fresh++;
    if (i + 1 < steps.length) {
      const dwellMs = steps[i + 1].ts - ts;
      if (dwellMs <= opts.idleGapMs) activeMs += dwellMs;
      dwells.push({ caseName, routeId: e.routeId, method: e.method, servedBy: e.servedBy, operatorId, dwellMs });
    }
  }
  out.handlings.push({
    caseName,
    operatorId,
    caseId,
    startTs: first.ts,
    endTs: lastStep.ts,
    durationMs,
    activeMs,
    arm: armOf(steps.length - fresh, fresh),
    requests: steps.length,
    outcome,
    transferredTo,
  });
  if (outcome === 'completed') for (const d of dwells) out.dwells.push(d);
  else if (outcome === 'abandoned') out.abandoned[caseName]++;
  else out.transferred[caseName]++;
}
