import type { FaultRig } from './harness.js';

// Routes and requests shared by the GraphQL-service fault files: one route per mode over the sample CS domain.

/** One route in each mode: shadow (every request sampled), canary at 100 %, new. */
export const ROUTES = [
  { id: 'user', methods: ['GET'], path: '/api/users/:id', adapter: 'user', mode: 'shadow', sample: 1 },
  { id: 'item', methods: ['GET'], path: '/api/items/:id', adapter: 'item', mode: 'canary', percent: 100 },
  { id: 'inquiry-detail', methods: ['GET'], path: '/api/inquiries/:id', adapter: 'inquiry-detail', mode: 'new' },
];
/** A request path for each mode's route. */
export const PATHS = { shadow: '/api/users/3', canary: '/api/items/3', new: '/api/inquiries/3' };
/** The operator header every request carries. */
export const OPERATOR = { 'x-operator-id': 'op-faults' };

/** The last stored event of a route, after flushing the writer. */
export async function lastEvent(rig: FaultRig, routeId: string): Promise<{ served_by: string; fallback: number; status: number } | undefined> {
  await rig.running.writer.flush();
  const rows = await rig.running.store.query<{ served_by: string; fallback: number; status: number }>(
    'SELECT served_by, fallback, status FROM request_events WHERE route_id = ? ORDER BY seq DESC LIMIT 1', [routeId],
  );
  return rows[0];
}
