import type { StranglerConfig } from '../../config/strangler-config.js';
import type { GateStatus, GateVerdict } from '../../flags/index.js';
import { checkGate, gateStatus } from '../../flags/index.js';
import type { RouteMode } from '../../model/flag.js';
import type { Store } from '../../store/store.js';

/** Window of the traffic column. */
export const TRAFFIC_WINDOW_MS = 3_600_000;

/** A route as the dashboard lists it: from the route table, else from the config. */
export interface DashboardRoute {
  id: string;
  methods: readonly string[];
  path: string;
  mode: RouteMode;
  percent: number;
  sample: number;
}

/** One row of the route table (also the live-refresh JSON). */
export interface RouteRow {
  routeId: string;
  methods: readonly string[];
  path: string;
  mode: RouteMode;
  percent: number;
  sample: number;
  /** Requests in the last hour. */
  traffic: number;
  /** Comparisons in the gate window (reads and dry-runs, as the gate counts them). */
  samples: number;
  matchRate: number | null;
  gate: GateVerdict;
  /** What the gate column shows: `in new` for a route the new stack serves, else the verdict. */
  status: GateStatus;
  updatedAt: number | null;
  updatedBy: string | null;
}

/** The gate's verdict for one route now: the same check `strangler gate` and flag changes run. */
export function routeGate(store: Store, config: StranglerConfig, routeId: string, nowMs: number): Promise<GateVerdict> {
  return checkGate(store, routeId, config.gate, nowMs);
}

/** Build every row: live flags over configured defaults, traffic, match rate and the gate's verdict. */
export async function loadRouteRows(store: Store, config: StranglerConfig, routes: readonly DashboardRoute[], nowMs: number): Promise<RouteRow[]> {
  const flags = new Map((await store.listFlags()).map((f) => [f.routeId, f]));
  const traffic = new Map(
    (
      await store.query<{ route_id: string | null; n: number | string }>(
        'SELECT route_id, COUNT(*) AS n FROM request_events WHERE ts >= ? GROUP BY route_id',
        [nowMs - TRAFFIC_WINDOW_MS],
      )
    ).map((r) => [r.route_id, Number(r.n)]),
  );
  const known = new Map(routes.map((r) => [r.id, r]));
  for (const f of flags.values()) {
    if (!known.has(f.routeId)) known.set(f.routeId, { id: f.routeId, methods: [], path: '(not in the route table)', mode: f.mode, percent: f.percent, sample: f.sample });
  }
  const rows: RouteRow[] = [];
  for (const route of known.values()) {
    const flag = flags.get(route.id);
    const verdict = await routeGate(store, config, route.id, nowMs);
    rows.push({
      routeId: route.id,
      methods: route.methods,
      path: route.path,
      mode: flag?.mode ?? route.mode,
      percent: flag?.percent ?? route.percent,
      sample: flag?.sample ?? route.sample,
      traffic: traffic.get(route.id) ?? 0,
      samples: verdict.samples,
      matchRate: verdict.samples === 0 ? null : verdict.matchRate,
      gate: verdict,
      status: gateStatus(flag?.mode ?? route.mode, verdict),
      updatedAt: flag?.updatedAt ?? null,
      updatedBy: flag?.updatedBy ?? null,
    });
  }
  return rows;
}
