import { Worker } from 'node:worker_threads';
import type { CompareReply, CompareSetup, CompareTask } from './compare-job.js';
import { SHD_ERR_COMPARE_WORKER } from './errors.js';

/** The task as the runner hands it (the pool numbers it). */
export type OffloadTask = Omit<CompareTask, 'id'>;
/** A successful reply without its number. */
export type OffloadResult = Omit<Extract<CompareReply, { ok: true }>, 'id' | 'ok'>;

/** Decoding, comparison and redaction done off the event loop; same outputs as the in-thread path. */
export interface CompareOffload {
  /** Rejects with an error carrying `stage` (`compare` or `redact`) and, when known, a `code`. */
  run(task: OffloadTask): Promise<OffloadResult>;
}

/** A fixed set of comparison threads. */
export interface ComparePool extends CompareOffload {
  readonly size: number;
  /** Stop the threads; tasks still in hand are rejected. */
  close(): Promise<void>;
}

/** Options of `createComparePool`. */
export interface ComparePoolOptions extends CompareSetup {
  /** Threads (≥ 1). */
  size: number;
  /** Node options of the threads (tests running from TypeScript sources pass a loader). */
  execArgv?: string[];
  /** The threads' entry module; default compare-worker. */
  entry?: URL;
  /** Longest a task waits to be sent with others, ms (default 5): each message costs the event loop a cross-thread wake-up. */
  batchMs?: number;
  /** Nice value of the threads on Linux (default 10, 0 = unchanged): under CPU contention the event loop wins. */
  niceness?: number;
  logger?: { warn(obj: object, msg: string): void };
}

interface Pending {
  resolve(result: OffloadResult): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  outbox: CompareTask[];
}

// From TypeScript sources (tests) the entry is the .ts file, which then needs a loader in execArgv.
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './compare-worker.ts' : './compare-worker.js', import.meta.url);

/**
 * Worker threads that decode, compare and redact shadow pairs, so the proxy's event loop only tees
 * and calls. Tasks are batched over `batchMs` (one message per thread per batch, not per pair),
 * bodies are copied once into fresh buffers that are transferred, never cloned; a task goes to the
 * thread with the fewest in hand. A thread that dies rejects its tasks (SHD_ERR_COMPARE_WORKER) and is
 * replaced. Threads are unref'd: they never keep the process alive.
 */
export function createComparePool(opts: ComparePoolOptions): ComparePool {
  const setup: CompareSetup & { niceness: number } = {
    routes: opts.routes,
    redact: opts.redact,
    maxDecodedBytes: opts.maxDecodedBytes,
    niceness: opts.niceness ?? 10,
  };
  const slots: Slot[] = [];
  let nextId = 1;
  let flushScheduled = false;
  let closed = false;
  const batchMs = opts.batchMs ?? 5;

  const spawn = (index: number): Slot => {
    const worker = new Worker(opts.entry ?? WORKER_URL, { workerData: setup, execArgv: opts.execArgv });
    const slot: Slot = { worker, pending: new Map(), outbox: [] };
    worker.unref();
    worker.on('message', (replies: CompareReply[]) => {
      for (const reply of replies) {
        const p = slot.pending.get(reply.id);
        if (p === undefined) continue;
        slot.pending.delete(reply.id);
        // The reply itself, its `id` and `ok` left on: a rest spread would copy every field a pair.
        if (reply.ok) p.resolve(reply);
        else p.reject(Object.assign(new Error(reply.message), { stage: reply.stage, code: reply.code }));
      }
    });
    const fail = (cause: string): void => {
      if (slots[index] !== slot) return;
      const err = Object.assign(SHD_ERR_COMPARE_WORKER(cause), { stage: 'compare' });
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
      if (!closed) {
        opts.logger?.warn({ code: SHD_ERR_COMPARE_WORKER.code, cause }, 'comparison worker stopped; restarting it');
        slots[index] = spawn(index);
      }
    };
    worker.on('error', (err) => fail(err.message));
    worker.on('exit', (code) => fail(`exit code ${code}`));
    return slot;
  };
  for (let i = 0; i < Math.max(1, opts.size); i++) slots.push(spawn(i));

  const flush = (): void => {
    flushScheduled = false;
    for (const slot of slots) {
      if (slot.outbox.length === 0) continue;
      const batch = packBatch(slot.outbox);
      slot.worker.postMessage(batch, [batch]);
      slot.outbox = [];
    }
  };

  return {
    size: slots.length,
    run(task) {
      if (closed) return Promise.reject(Object.assign(SHD_ERR_COMPARE_WORKER('pool closed'), { stage: 'compare' }));
      let slot = slots[0]!;
      for (const s of slots) if (s.pending.size < slot.pending.size) slot = s;
      const id = nextId++;
      // Fields named rather than spread, like the primary's outcome in experiment.ts, whose spread took
      // V8's slow path in the serving process (this site was not measured on its own).
      slot.outbox.push({
        id, routeId: task.routeId, contentType: task.contentType, legacy: task.legacy, legacyEncoding: task.legacyEncoding,
        other: task.other, otherEncoding: task.otherEncoding, path: task.path,
      });
      if (!flushScheduled) {
        flushScheduled = true;
        setTimeout(flush, batchMs);
      }
      return new Promise<OffloadResult>((resolve, reject) => slot.pending.set(id, { resolve, reject }));
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

/**
 * One turn's tasks packed into one fresh ArrayBuffer, transferred with the message: a 4-byte header
 * length, the JSON header (one row per task), then each task's two bodies. Copying the bodies here is
 * the one copy they get; the tee'd originals may share memory with node's pooled buffers or with a
 * write still in flight to the client, which must never be detached. One transfer and one small string
 * per turn cost the event loop less than cloning an object per task.
 */
export function packBatch(tasks: readonly CompareTask[]): ArrayBuffer {
  const header = JSON.stringify(
    tasks.map((t) => [t.id, t.routeId, t.contentType, t.legacyEncoding ?? null, t.otherEncoding ?? null, t.path, t.legacy.byteLength, t.other.byteLength]),
  );
  const headerBytes = Buffer.byteLength(header);
  let size = 4 + headerBytes;
  for (const t of tasks) size += t.legacy.byteLength + t.other.byteLength;
  // Not zero-filled (every byte is written below) and not from node's shared pool, so it can be transferred.
  const out = Buffer.allocUnsafeSlow(size);
  const batch = out.buffer as ArrayBuffer;
  out.writeUInt32LE(headerBytes, 0);
  out.write(header, 4);
  let at = 4 + headerBytes;
  for (const t of tasks) {
    out.set(t.legacy, at);
    at += t.legacy.byteLength;
    out.set(t.other, at);
    at += t.other.byteLength;
  }
  return batch;
}

/** The worker's side of `packBatch`: tasks whose bodies are views into the batch (no copy). */
export function unpackBatch(batch: ArrayBuffer): CompareTask[] {
  const bytes = Buffer.from(batch);
  const headerBytes = bytes.readUInt32LE(0);
  const rows = JSON.parse(bytes.toString('utf8', 4, 4 + headerBytes)) as [number, string, string, string | null, string | null, string, number, number][];
  let at = 4 + headerBytes;
  return rows.map(([id, routeId, contentType, legacyEncoding, otherEncoding, path, legacyLength, otherLength]) => {
    const legacy = bytes.subarray(at, at + legacyLength);
    at += legacyLength;
    const other = bytes.subarray(at, at + otherLength);
    at += otherLength;
    return { id, routeId, contentType, legacy, legacyEncoding: legacyEncoding ?? undefined, other, otherEncoding: otherEncoding ?? undefined, path };
  });
}
