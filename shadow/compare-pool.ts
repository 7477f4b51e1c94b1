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
  transfer: ArrayBuffer[];
}

// From TypeScript sources (tests) the entry is the .ts file, which then needs a loader in execArgv.
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './compare-worker.ts' : './compare-worker.js', import.meta.url);

/**
 * Worker threads that decode, compare and redact shadow pairs, so the proxy's event loop only tees
 * and calls. Tasks are batched per event-loop turn (one message per thread per turn, not per pair),
 * bodies are copied once into fresh buffers that are transferred, never cloned; a task goes to the
 * thread with the fewest in hand. A thread that dies rejects its tasks (SHD_ERR_COMPARE_WORKER) and is
 * replaced. Threads are unref'd: they never keep the process alive.
 */
export function createComparePool(opts: ComparePoolOptions): ComparePool {
  const setup: CompareSetup = { routes: opts.routes, redact: opts.redact, maxDecodedBytes: opts.maxDecodedBytes };
  const slots: Slot[] = [];
  let nextId = 1;
  let flushScheduled = false;
  let closed = false;

  const spawn = (index: number): Slot => {
    const worker = new Worker(opts.entry ?? WORKER_URL, { workerData: setup, execArgv: opts.execArgv });
    const slot: Slot = { worker, pending: new Map(), outbox: [], transfer: [] };
    worker.unref();
    worker.on('message', (replies: CompareReply[]) => {
      for (const reply of replies) {
        const p = slot.pending.get(reply.id);
        if (p === undefined) continue;
        slot.pending.delete(reply.id);
        if (reply.ok) {
          const { id: _id, ok: _ok, ...result } = reply;
          p.resolve(result);
        } else {
          p.reject(Object.assign(new Error(reply.message), { stage: reply.stage, code: reply.code }));
        }
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
      slot.worker.postMessage(slot.outbox, slot.transfer);
      slot.outbox = [];
      slot.transfer = [];
    }
  };

  return {
    size: slots.length,
    run(task) {
      if (closed) return Promise.reject(Object.assign(SHD_ERR_COMPARE_WORKER('pool closed'), { stage: 'compare' }));
      let slot = slots[0]!;
      for (const s of slots) if (s.pending.size < slot.pending.size) slot = s;
      const id = nextId++;
      const legacy = ownCopy(task.legacy);
      const other = ownCopy(task.other);
      slot.outbox.push({ ...task, id, legacy, other });
      slot.transfer.push(legacy.buffer as ArrayBuffer, other.buffer as ArrayBuffer);
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flush);
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
 * A copy that owns its whole ArrayBuffer, safe to transfer: the tee'd bytes may share memory with
 * node's pooled buffers or with a write still in flight to the client, which must never be detached.
 */
function ownCopy(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(new ArrayBuffer(bytes.byteLength));
  copy.set(bytes);
  return copy;
}
