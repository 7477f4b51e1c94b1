import type { ServedBy } from '../model/request-event.js';

/** The side(s) that served a handling's requests; `mixed` handlings are left out of the comparison. */
export type HandlingArm = ServedBy | 'mixed';

/**
 * How a handling ended (docs/aht.md, "Handling rules"): `completed` by an end request; `abandoned` when its
 * operator sent nothing in the case for longer than `abandonAfter` (or the data ran out first);
 * `transferred` when another operator's start or end request in the case came before any end.
 */
export type HandlingOutcome = 'completed' | 'abandoned' | 'transferred';

/**
 * One operator working one case, from a start request to the end request that closed it, or to its last
 * request when it was abandoned or transferred.
 */
export interface Handling {
  caseName: string;
  operatorId: string;
  caseId: string;
  startTs: number;
  endTs: number;
  /** endTs − startTs. */
  durationMs: number;
  /** Sum of the gaps between the handling's requests that are ≤ idleGapMs. */
  activeMs: number;
  arm: HandlingArm;
  /** Requests inside the handling (start and end included; near-duplicates counted once). */
  requests: number;
  outcome: HandlingOutcome;
  /** For `transferred`: the operator whose request took the case over; else null. */
  transferredTo: string | null;
}

/** The time after one request until the same operator's next request in that case, within a handling. */
export interface Dwell {
  caseName: string;
  routeId: string | null;
  method: string;
  servedBy: ServedBy;
  operatorId: string;
  dwellMs: number;
}

/** The outcome of sessionisation, in-process or SQL: the same figures either way. */
export interface Sessions {
  /**
   * Every handling with its `outcome`: completed ones within maxDuration, abandoned and transferred ones
   * (mixed ones included, flagged by `arm`). AHT uses the completed ones only.
   */
  handlings: Handling[];
  /** Dwell of every request but the last in each completed handling of `handlings`. */
  dwells: Dwell[];
  /** Per case name: abandoned handlings (as in `handlings`). */
  abandoned: Record<string, number>;
  /** Per case name: transferred handlings (as in `handlings`). */
  transferred: Record<string, number>;
  /** Per case name: completed handlings longer than maxDuration (left out of `handlings`). */
  overMaxDuration: Record<string, number>;
  /** Per case name: near-duplicate requests counted once (same operator, case, method, path, status within 1 s). */
  duplicates: Record<string, number>;
}

/** An empty outcome. */
export function emptySessions(): Sessions {
  return { handlings: [], dwells: [], abandoned: {}, transferred: {}, overMaxDuration: {}, duplicates: {} };
}

/** The arm of a handling from the count of its requests each side served. */
export function armOf(legacy: number, fresh: number): HandlingArm {
  if (legacy > 0 && fresh > 0) return 'mixed';
  return fresh > 0 ? 'new' : 'legacy';
}

/** A stable order for comparing outcomes (tests and reports). */
export function sortSessions(s: Sessions): Sessions {
  const h = [...s.handlings].sort(
    (a, b) =>
      cmp(a.caseName, b.caseName) || cmp(a.operatorId, b.operatorId) || cmp(a.caseId, b.caseId) || a.startTs - b.startTs,
  );
  const d = [...s.dwells].sort(
    (a, b) =>
      cmp(a.caseName, b.caseName) ||
      cmp(a.routeId ?? '', b.routeId ?? '') ||
      cmp(a.method, b.method) ||
      cmp(a.servedBy, b.servedBy) ||
      cmp(a.operatorId, b.operatorId) ||
      a.dwellMs - b.dwellMs,
  );
  return { ...s, handlings: h, dwells: d };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
