import type { Store } from './store.js';
import type { RequestEvent } from '../model/request-event.js';
import type { ShadowResult } from '../model/shadow-result.js';
import { STORE_ERR_FLUSH_FAILED } from './errors.js';

/** What the writer logs through (a pino logger fits). */
export interface BatchWriterLogger {
  warn(obj: object, msg: string): void;
  info?(obj: object, msg: string): void;
}

/** Optional counters (e.g. prom-client) the writer reports to; `kind` is `events` or `results`. */
export interface BatchWriterMetrics {
  written?(kind: BatchKind, n: number): void;
  dropped?(kind: BatchKind, n: number): void;
  failed?(kind: BatchKind): void;
}

/** The two streams a writer carries. */
export type BatchKind = 'events' | 'results';

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
}

/** Off the request path: `push`/`pushResult` never await and never throw. */
export interface BatchWriter {
  push(event: RequestEvent): void;
  pushResult(result: ShadowResult): void;
  /** Write everything buffered now; rejects with STORE_ERR_FLUSH_FAILED when the database refuses. */
  flush(): Promise<void>;
  /** Stop the timers and flush (retrying up to closeTimeoutMs); what cannot be written is counted as dropped. */
  close(): Promise<void>;
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
}

const DROP_LOG_EVERY_MS = 10_000;

/** Create a batch writer over `store` (only its inserts are used): batches by count and time, bounded buffer, retries with backoff. */
export function createBatchWriter(store: Pick<Store, 'insertEvents' | 'insertShadowResults'>, opts: BatchWriterOptions): BatchWriter {
  const maxBackoff = opts.maxBackoffMs ?? 10_000;
  const counts = { written: 0, dropped: 0, failures: 0 };
  let closed = false;
  let lastDropLog = 0;
  let droppedSinceLog = 0;

  const events: Lane<RequestEvent> = {
    kind: 'events', items: [], write: (b) => store.insertEvents(b), running: null, backoffMs: 0, retryAt: 0,
  };
  const results: Lane<ShadowResult> = {
    kind: 'results', items: [], write: (b) => store.insertShadowResults(b), running: null, backoffMs: 0, retryAt: 0,
  };
  const lanes = [events, results] as Lane<unknown>[];

  function drop(lane: Lane<unknown>, n: number, why: string): void {
    counts.dropped += n;
    droppedSinceLog += n;
    opts.metrics?.dropped?.(lane.kind, n);
    const now = Date.now();
    if (now - lastDropLog >= DROP_LOG_EVERY_MS) {
      opts.logger?.warn({ kind: lane.kind, dropped: droppedSinceLog, totalDropped: counts.dropped }, `store writer dropped rows: ${why}`);
      lastDropLog = now;
      droppedSinceLog = 0;
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
      opts.metrics?.written?.(lane.kind, batch.length);
      if (lane.backoffMs > 0) opts.logger?.info?.({ kind: lane.kind }, 'store writes resumed');
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
      if (closed) { drop(lane as Lane<unknown>, 1, 'writer closed'); return; }
      if (lane.items.length >= opts.maxBuffer) { drop(lane as Lane<unknown>, 1, 'buffer full (database down or slow)'); return; }
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
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      const deadline = Date.now() + (opts.closeTimeoutMs ?? 5000);
      for (;;) {
        try {
          await flushOnce();
          return;
        } catch {
          if (Date.now() >= deadline) break;
          await new Promise((r) => setTimeout(r, Math.min(200, Math.max(1, deadline - Date.now()))));
        }
      }
      for (const lane of lanes) {
        const left = lane.items.length;
        if (left > 0) {
          lane.items.length = 0;
          lastDropLog = 0;
          drop(lane, left, 'database unavailable at shutdown');
        }
      }
    },
    stats: () => ({ buffered: events.items.length + results.items.length, ...counts }),
  };
}
