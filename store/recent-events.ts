import type { RequestEvent } from '../model/request-event.js';
import { eventFromRow } from './rows.js';
import type { Store } from './store.js';

/** A stored event with its insertion counter, the cursor `eventsAfter` follows. */
export interface SequencedEvent {
  seq: number;
  event: RequestEvent;
}

/** The `limit` newest request events (optionally of one route, since a time), returned oldest first. */
export async function recentEvents(store: Store, opts: { limit: number; routeId?: string; sinceMs?: number }): Promise<SequencedEvent[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (opts.routeId !== undefined) { where.push('route_id = ?'); params.push(opts.routeId); }
  if (opts.sinceMs !== undefined) { where.push('ts >= ?'); params.push(opts.sinceMs); }
  const limit = Math.max(0, Math.floor(opts.limit));
  const rows = await store.query<Record<string, unknown>>(
    `SELECT * FROM request_events${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ts DESC, seq DESC LIMIT ${limit}`,
    params,
  );
  return rows.reverse().map(sequenced);
}

/**
 * Events stored after `afterSeq`, in insertion order, up to the committed counter: a row whose lower
 * counter commits after a higher one (two MySQL writers) is shown late rather than skipped.
 */
export async function eventsAfter(store: Store, afterSeq: number, opts: { routeId?: string; limit?: number } = {}): Promise<SequencedEvent[]> {
  const upTo = await store.committedSeq('request_events');
  if (upTo <= afterSeq) return [];
  const route = opts.routeId === undefined ? '' : ' AND route_id = ?';
  const rows = await store.query<Record<string, unknown>>(
    `SELECT * FROM request_events WHERE seq > ? AND seq <= ?${route} ORDER BY seq LIMIT ${Math.floor(opts.limit ?? 1000)}`,
    opts.routeId === undefined ? [afterSeq, upTo] : [afterSeq, upTo, opts.routeId],
  );
  return rows.map(sequenced);
}

function sequenced(row: Record<string, unknown>): SequencedEvent {
  return { seq: Number(row.seq), event: eventFromRow(row) };
}
