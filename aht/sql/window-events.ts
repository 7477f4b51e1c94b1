import type { Store } from '../../store/store.js';
import type { EventRange } from './sessionize-sql.js';

/** Request events inside and outside a time range, to say why a window holds no handlings. */
export async function eventsAroundWindow(store: Store, range: EventRange): Promise<{ inside: number; outside: number }> {
  const until = range.untilMs ?? Number.MAX_SAFE_INTEGER;
  const [r] = await store.query<{ inside: number | string | null; total: number | string }>(
    'SELECT SUM(CASE WHEN ts >= ? AND ts < ? THEN 1 ELSE 0 END) AS inside, COUNT(*) AS total FROM request_events',
    [range.sinceMs, until],
  );
  const inside = Number(r.inside ?? 0);
  return { inside, outside: Number(r.total) - inside };
}
