import { evaluateGate } from '../../flags/index.js';
import type { GateThresholds } from '../../flags/index.js';
import type { Store } from '../../store/index.js';
import type { ShadowResult } from '../../model/index.js';

/** One time bucket of a route: requests served, and the gate's own count of comparisons and matches. */
export interface SeriesBucket {
  /** Bucket start, epoch ms. */
  start: number;
  requests: number;
  /** Compared results (noise baselines and too-large bodies left out, as the gate counts them). */
  samples: number;
  /** Match rate after noise in this bucket, or null without samples. */
  matchRate: number | null;
}

/** How far back and how finely a route's series is drawn. */
export interface SeriesWindow {
  sinceMs: number;
  untilMs: number;
  bucketMs: number;
  /** Newest shadow results read at most. */
  resultLimit?: number;
}

/**
 * Traffic and match rate of one route over time, bucket by bucket (empty buckets included, so a gap
 * shows as a gap). The match rate is the gate's (`evaluateGate`) over each bucket's results, so the
 * series and the verdict cannot disagree on what a match is.
 */
export async function loadRouteSeries(store: Store, routeId: string, gate: GateThresholds, w: SeriesWindow): Promise<SeriesBucket[]> {
  const first = w.sinceMs - (w.sinceMs % w.bucketMs);
  const count = Math.max(1, Math.ceil((w.untilMs - first) / w.bucketMs));
  const requests = new Map(
    (
      await store.query<{ b: number | string; n: number | string }>(
        'SELECT ts - (ts % ?) AS b, COUNT(*) AS n FROM request_events WHERE route_id = ? AND ts >= ? AND ts < ? GROUP BY ts - (ts % ?)',
        [w.bucketMs, routeId, w.sinceMs, w.untilMs, w.bucketMs],
      )
    ).map((r) => [Number(r.b), Number(r.n)]),
  );
  const results = new Map<number, ShadowResult[]>();
  for (const r of await store.shadowResults({ sinceMs: w.sinceMs, routeId, limit: w.resultLimit ?? 100_000 })) {
    if (r.ts >= w.untilMs) continue;
    const b = r.ts - (r.ts % w.bucketMs);
    const list = results.get(b);
    if (list === undefined) results.set(b, [r]);
    else list.push(r);
  }
  const out: SeriesBucket[] = [];
  for (let i = 0; i < count; i++) {
    const start = first + i * w.bucketMs;
    const verdict = evaluateGate(results.get(start) ?? [], gate);
    out.push({ start, requests: requests.get(start) ?? 0, samples: verdict.samples, matchRate: verdict.samples === 0 ? null : verdict.matchRate });
  }
  return out;
}
