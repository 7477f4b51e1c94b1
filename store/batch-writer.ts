import type { Store } from './store.js';
import type { RequestEvent } from '../model/request-event.js';
import type { ShadowResult } from '../model/shadow-result.js';
import { STORE_ERR_FLUSH_FAILED } from './errors.js';

/** What the writer logs through (a pino logger fits). */
export interface BatchWriterLogger {
  warn(obj: object, msg: string): void;
  info?(obj: object, msg: string): void;
}

/** Optional counters (e.g. prom-client, see store/writer-metrics.ts) the writer reports to. */
export interface BatchWriterMetrics {
  written?(kind: BatchKind, n: number): void;
  dropped?(kind: BatchKind, n: number, reason: DropReason): void;
  failed?(kind: BatchKind): void;
}

/** The two streams a writer carries. */
export type BatchKind = 'events' | 'results';

/**
 * Why rows were dropped: `buffer_full` (the database was down or slow for longer than the buffer
 * lasts), `closed` (pushed after close, e.g. a shadow result finishing after the writer stopped),
 * `shutdown` (still buffered when close() gave up on a database that did not answer).
 */
export type DropReason = 'buffer_full' | 'closed' | 'shutdown';

/** Batch writer settings (`store.batchSize`, `store.flushIntervalMs`, `store.maxBuffer` in the config). */
export interface BatchWriterOptions {
  /** Rows per insert. */
  batchSize: number;
  /** Longest wait before buffered rows are written, ms. */
  flushIntervalMs: number;
  /** Rows kept per stream while the database is slow or down; past it new rows are dropped and counted. */
  maxBuffer: number;
  logger?: BatchWriterLogger;
  metrics?: BatchWriterMetrics;
  /** Longest wait between retries while the database is failing, ms (default 10000). */
  maxBackoffMs?: number;
  /** How long close() keeps retrying before it counts what is left as dropped, ms (default 5000). */
  closeTimeoutMs?: number;
}

/** Counters of a writer: rows waiting, written (acknowledged by the database), dropped, failed writes. */
export interface BatchWriterStats {
  buffered: number;
  written: number;
  dropped: number;
  failures: number;
  /** The same counts for each stream. */
  byKind: Record<BatchKind, LaneStats>;
}

/** One stream's counts; `dropped` by reason sums to `droppedTotal`. */
export interface LaneStats {
  buffered: number;
  written: number;
  droppedTotal: number;
  dropped: Record<DropReason, number>;
}

/** What close() did: rows written while closing, rows lost, per stream (also logged as one line). */
export interface BatchWriterCloseReport {
  events: { flushed: number; lost: number };
  results: { flushed: number; lost: number };
}

/** Off the request path: `push`/`pushResult` never await and never throw. */
export interface BatchWriter {
  push(event: RequestEvent): void;
  pushResult(result: ShadowResult): void;
  /** Write everything buffered now; rejects with STORE_ERR_FLUSH_FAILED when the database refuses. */
  flush(): Promise<void>;
  /**
   * Stop the timers and flush (retrying up to closeTimeoutMs); what cannot be written is counted as
   * dropped. Logs one `store writer closed` line with what was flushed and lost, and resolves with it.
   */
  close(): Promise<BatchWriterCloseReport>;
  stats(): BatchWriterStats;
}

interface Lane<T> {
  kind: BatchKind;
  items: T[];
  write(batch: T[]): Promise<void>;
  /** The write in flight, so only one runs per lane and flush() can wait for it. */
  running: Promise<boolean> | null;
  backoffMs: number;
  retryAt: number;
  written: number;
  dropped: Record<DropReason, number>;
}

const noDrops = (): Record<DropReason, number> => ({ buffer_full: 0, closed: 0, shutdown: 0 });

const DROP_LOG_EVERY_MS = 10_000;

/** Create a batch writer over `store` (only its inserts are used): batches by count and time, bounded buffer, retries with backoff. */
export function createBatchWriter(store: Pick<Store, 'insertEvents' | 'insertShadowResults'>, opts: BatchWriterOptions): BatchWriter {
  const maxBackoff = opts.maxBackoffMs ?? 10_000;
  const counts = { written: 0, dropped: 0, failures: 0 };
  let closed = false;
  let lastDropLog = 0;
  let droppedSinceLog = 0;
  let closeReport: Promise<BatchWriterCloseReport> | null = null;

  const lane = <T>(kind: BatchKind, write: (b: T[]) => Promise<void>): Lane<T> => ({
    kind, items: [], write, running: null, backoffMs: 0, retryAt: 0, written: 0, dropped: noDrops(),
  });
  const events = lane<RequestEvent>('events', (b) => store.insertEvents(b));
  const results = lane<ShadowResult>('results', (b) => store.insertShadowResults(b));
  const lanes = [events, results] as Lane<unknown>[];

  const laneStats = (l: Lane<unknown>): LaneStats => ({
    buffered: l.items.length, written: l.written, droppedTotal: l.dropped.buffer_full + l.dropped.closed + l.dropped.shutdown, dropped: { ...l.dropped },
  });

  // Every drop is counted (stats and metrics). The warning is rate-limited, but drops it held back
  // are reported at the end of the window (or when writes resume), with the running totals, so the
  // last line always says how much is lost so far.
  let pendingLog: NodeJS.Timeout | null = null;
  let lastDrop: { kind: BatchKind; reason: DropReason; why: string } | null = null;
  function logDrops(): void {
    if (pendingLog !== null) clearTimeout(pendingLog);
    pendingLog = null;
    if (droppedSinceLog === 0 || lastDrop === null) return;
    opts.logger?.warn({
      kind: lastDrop.kind, reason: lastDrop.reason, dropped: droppedSinceLog, totalDropped: counts.dropped,
      eventsDropped: laneStats(events as Lane<unknown>).droppedTotal, resultsDropped: laneStats(results as Lane<unknown>).droppedTotal,
    }, `store writer dropped rows: ${lastDrop.why}`);
    lastDropLog = Date.now();
    droppedSinceLog = 0;
  }
  function drop(lane: Lane<unknown>, n: number, reason: DropReason, why: string): void {
    counts.dropped += n;
    lane.dropped[reason] += n;
    droppedSinceLog += n;
    lastDrop = { kind: lane.kind, reason, why };
    opts.metrics?.dropped?.(lane.kind, n, reason);
    const wait = lastDropLog + DROP_LOG_EVERY_MS - Date.now();
    if (wait <= 0) logDrops();
    else if (pendingLog === null) {
      pendingLog = setTimeout(logDrops, wait);
      pendingLog.unref();
    }
  }

  // Write the lane's buffer in batches until it is empty or a write fails; true when empty.
  async function drain<T>(lane: Lane<T>): Promise<boolean> {
    while (lane.items.length > 0) {
      const batch = lane.items.slice(0, opts.batchSize);
      try {
        await lane.write(batch);
      } catch (err) {
        counts.failures++;
        opts.metrics?.failed?.(lane.kind);
        lane.backoffMs = Math.min(maxBackoff, lane.backoffMs === 0 ? 100 : lane.backoffMs * 2);
        lane.retryAt = Date.now() + lane.backoffMs;
        opts.logger?.warn({ kind: lane.kind, buffered: lane.items.length, retryInMs: lane.backoffMs, err: (err as Error).message }, 'store write failed; will retry');
        return false;
      }
      // Only drain() removes from the front and push() only appends, so the batch is still the head.
      lane.items.splice(0, batch.length);
      counts.written += batch.length;
      lane.written += batch.length;
      opts.metrics?.written?.(lane.kind, batch.length);
      if (lane.backoffMs > 0) {
        logDrops();
        opts.logger?.info?.({ kind: lane.kind, totalDropped: counts.dropped }, 'store writes resumed');
      }
      lane.backoffMs = 0;
      lane.retryAt = 0;
    }
    return true;
  }

  function run<T>(lane: Lane<T>): Promise<boolean> {
    if (lane.running !== null) return lane.running;
    lane.running = drain(lane).finally(() => {
      lane.running = null;
    });
    return lane.running;
  }

  function kick<T>(lane: Lane<T>, force: boolean): void {
    if (lane.running !== null || lane.items.length === 0) return;
    if (!force && Date.now() < lane.retryAt) return;
    void run(lane);
  }

  const timer = setInterval(() => {
    for (const lane of lanes) kick(lane, false);
  }, Math.max(1, opts.flushIntervalMs));
  timer.unref();

  function enqueue<T>(lane: Lane<T>, item: T): void {
    try {
      if (closed) { drop(lane as Lane<unknown>, 1, 'closed', 'writer closed'); return; }
      if (lane.items.length >= opts.maxBuffer) { drop(lane as Lane<unknown>, 1, 'buffer_full', 'buffer full (database down or slow)'); return; }
      lane.items.push(item);
      if (lane.items.length >= opts.batchSize) kick(lane, false);
    } catch {
      // Never let storage reach the request path.
    }
  }

  async function flushOnce(): Promise<void> {
    for (const lane of lanes) {
      if (lane.running !== null) await lane.running;
      const ok = await run(lane);
      if (!ok) throw new STORE_ERR_FLUSH_FAILED(lane.items.length, `${lane.kind} write failed`);
    }
  }

  return {
    push: (event) => enqueue(events, event),
    pushResult: (result) => enqueue(results, result),
    flush: flushOnce,
    close() {
      closeReport ??= closeOnce();
      return closeReport;
    },
    stats: () => ({
      buffered: events.items.length + results.items.length,
      ...counts,
      byKind: { events: laneStats(events as Lane<unknown>), results: laneStats(results as Lane<unknown>) },
    }),
  };

  async function closeOnce(): Promise<BatchWriterCloseReport> {
    closed = true;
    clearInterval(timer);
    const writtenBefore = { events: events.written, results: results.written };
    const deadline = Date.now() + (opts.closeTimeoutMs ?? 5000);
    for (;;) {
      try {
        await flushOnce();
        break;
      } catch {
        if (Date.now() >= deadline) break;
        await new Promise((r) => setTimeout(r, Math.min(200, Math.max(1, deadline - Date.now()))));
      }
    }
    const lost = { events: 0, results: 0 };
    for (const l of lanes) {
      const left = l.items.length;
      if (left > 0) {
        l.items.length = 0;
        lastDropLog = 0;
        lost[l.kind] = left;
        drop(l, left, 'shutdown', 'database unavailable at shutdown');
      }
    }
    logDrops();
    const report: BatchWriterCloseReport = {
      events: { flushed: events.written - writtenBefore.events, lost: lost.events },
      results: { flushed: results.written - writtenBefore.results, lost: lost.results },
    };
    // One line that says what shutdown saved and lost, with the totals over the whole run.
    opts.logger?.info?.({
      ...report,
      totals: { events: laneStats(events as Lane<unknown>), results: laneStats(results as Lane<unknown>) },
    }, 'store writer closed');
    return report;
  }
}
