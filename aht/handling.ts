import type { ServedBy } from '../model/request-event.js';

/** The side(s) that served a handling's requests; `mixed` handlings are left out of the comparison. */
export type HandlingArm = ServedBy | 'mixed';

/** One operator working one case, from the first start request to the first end request after it. */
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
  /** Requests inside the handling (start and end included). */
  requests: number;
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
  /** Completed handlings within maxDuration (mixed ones included, flagged by `arm`). */
  handlings: Handling[];
  /** Dwell of every request but the last in each handling of `handlings`. */
  dwells: Dwell[];
  /** Per case name: handlings opened and never closed. */
  abandoned: Record<string, number>;
  /** Per case name: completed handlings longer than maxDuration (left out). */
  overMaxDuration: Record<string, number>;
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
  return { handlings: h, dwells: d, abandoned: s.abandoned, overMaxDuration: s.overMaxDuration };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
