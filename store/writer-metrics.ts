import { Counter, Gauge, type Registry } from 'prom-client';
import type { BatchKind, BatchWriter, BatchWriterMetrics, DropReason } from './batch-writer.js';

const DROP_REASONS: readonly DropReason[] = ['buffer_full', 'closed', 'shutdown'];

/** The batch writer's Prometheus metrics; pass as `metrics` to createBatchWriter, then `watch` the writer for its buffer gauge. */
export interface WriterMetrics extends BatchWriterMetrics {
  /** Read the buffer depth from this writer at each scrape. */
  watch(writer: Pick<BatchWriter, 'stats'>): void;
}

/**
 * Written, dropped (by reason) and failed-write counters per stream, and the buffer depth. Every drop
 * reason is exported at 0 from the start, so an alert on `increase(...) > 0` has a series to read.
 */
export function createWriterMetrics(registry: Registry, options: { maxBuffer?: number } = {}): WriterMetrics {
  const written = {
    events: new Counter({ name: 'strangler_store_events_written_total', help: 'Request events written to the store (acknowledged by the database).', registers: [registry] }),
    results: new Counter({ name: 'strangler_store_shadow_results_written_total', help: 'Shadow results written to the store (acknowledged by the database).', registers: [registry] }),
  };
  const dropped = {
    events: new Counter({ name: 'strangler_store_events_dropped_total', help: 'Request events lost before the store, by reason (buffer_full, closed, shutdown).', labelNames: ['reason'], registers: [registry] }),
    results: new Counter({ name: 'strangler_store_shadow_results_dropped_total', help: 'Shadow results lost before the store, by reason (buffer_full, closed, shutdown).', labelNames: ['reason'], registers: [registry] }),
  };
  for (const c of [dropped.events, dropped.results]) for (const reason of DROP_REASONS) c.inc({ reason }, 0);
  const failed = new Counter({ name: 'strangler_store_write_failures_total', help: 'Batch writes the database refused or timed out (retried with backoff), by stream.', labelNames: ['kind'], registers: [registry] });
  let source: Pick<BatchWriter, 'stats'> | null = null;
  new Gauge({
    name: 'strangler_store_buffer_depth',
    help: 'Rows waiting in the store writer\'s buffer, by stream (events, results).',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      const stats = source?.stats().byKind;
      this.set({ kind: 'events' }, stats?.events.buffered ?? 0);
      this.set({ kind: 'results' }, stats?.results.buffered ?? 0);
    },
  });
  if (options.maxBuffer !== undefined) {
    const limit = new Gauge({ name: 'strangler_store_buffer_limit', help: 'Rows each stream\'s buffer holds before it drops (store.maxBuffer).', registers: [registry] });
    limit.set(options.maxBuffer);
  }
  return {
    written: (kind: BatchKind, n: number) => written[kind].inc(n),
    dropped: (kind: BatchKind, n: number, reason: DropReason) => dropped[kind].inc({ reason }, n),
    failed: (kind: BatchKind) => failed.inc({ kind }),
    watch(writer) {
      source = writer;
    },
  };
}
