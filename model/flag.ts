/** A route mode (**contract**). */
export type RouteMode = 'legacy' | 'shadow' | 'canary' | 'new';

/** One row of `flags` (**contract**): the live mode of a route. */
export interface Flag {
  routeId: string;
  mode: RouteMode;
  /** Canary share of operators, 0..100. */
  percent: number;
  /** Shadow sample fraction, 0..1. */
  sample: number;
  updatedAt: number;
  updatedBy: string;
}

/** One row of `flag_audit` (**contract**): every change with actor, time, from, to, reason. */
export interface FlagAudit {
  id: number;
  routeId: string;
  ts: number;
  actor: string;
  from: Omit<Flag, 'routeId' | 'updatedAt' | 'updatedBy'> | null;
  to: Omit<Flag, 'routeId' | 'updatedAt' | 'updatedBy'>;
  reason: string;
}
