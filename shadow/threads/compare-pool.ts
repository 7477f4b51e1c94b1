import { Worker } from 'node:worker_threads';
import type { CompareReply, CompareSetup, CompareTask } from '../compare-job.js';
import type { CallTask, ThreadCandidateRoute } from './candidate-thread.js';
import { SHD_ERR_COMPARE_WORKER } from '../errors.js';
import { PendingReplies } from './pending-replies.js';

/** The task as the runner hands it (the pool numbers it). */
export type OffloadTask = Omit<CompareTask, 'id'>;
/** A successful reply without its number. */
export type OffloadResult = Omit<Extract<CompareReply, { ok: true }>, 'id' | 'ok'>;

/** A call started in a shadow thread (a candidate's, or legacy's for noise): its comparison must go to the same thread. */
export interface CallTicket {
  readonly id: number;
  readonly slot: number;
  /** Which thread of that slot took the call: a thread restarted since has lost it. */
  readonly generation: number;
}

/** Decoding, comparison and redaction done off the event loop; same outputs as the in-thread path. */
export interface CompareOffload {
  /**
   * Rejects with an error carrying `stage` (`decode`, `compare` or `redact`) and, when known, a `code`. With a
   * ticket, the other side is that call's answer (`other` unused) and the reply carries its outcome.
   */
  run(task: OffloadTask, call?: CallTicket): Promise<OffloadResult>;
  /**
   * Start the route's candidate call (or with `secondary`, the noise baseline's call to legacy) in a
   * shadow thread; null when no thread has that route's candidate (no recipe, not built yet, failed to
   * build) or makes noise calls: the caller then makes the call on the event loop.
   */
  startCall?(task: Omit<CallTask, 'id'>): CallTicket | null;
  /** Drop a started call's answer (its job ended without a primary answer). */
  forget?(call: CallTicket): void;
}

/** A fixed set of comparison threads. */
export interface ComparePool extends CompareOffload {
  readonly size: number;
  /** Resolves once every thread has built the candidates it could (or stopped trying): the routes all of them built. */
  readonly ready: Promise<string[]>;
  /** Stop the threads; tasks still in hand are rejected. */
  close(): Promise<void>;
}

/** Options of `createComparePool`. */
export interface ComparePoolOptions extends CompareSetup {
  /** Threads (≥ 1). */
  size: number;
  /** Routes whose candidate the threads build and call (candidate-thread.ts); default none. */
  candidates?: readonly ThreadCandidateRoute[];
  /** Cap on a candidate answer's bytes kept (config.shadow.maxBodyBytes); needed with `candidates`. */
  maxBodyBytes?: number;
  /** Legacy's URL: the threads then make the noise baseline's second calls to legacy too. */
  legacyUrl?: string | null;
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
  /** Tasks sent, waiting for their reply, by the id the reply carries. */
  pending: PendingReplies<Pending>;
  outbox: CompareTask[];
  calls: CallTask[];
  forgets: number[];
  /** Routes whose candidate this thread has built. */
  ready: ReadonlySet<string>;
  /** True once this thread makes noise calls to legacy. */
  secondary: boolean;
  /** Settles once the thread has said which, or has stopped. */
  whenReady: Promise<void>;
  onReady: () => void;
  /** Counts the threads this slot has had. */
  generation: number;
}

/** What the thread's entry is given (workerData). */
export type WorkerSetup = CompareSetup & {
  niceness: number;
  candidates: readonly ThreadCandidateRoute[];
  maxBodyBytes: number;
  legacyUrl: string | null;
  batchMs: number;
};

/** A message from a thread: replies, or the routes whose candidates it has built, or a warning. */
export type WorkerMessage = CompareReply[] | { ready: string[]; secondary: boolean } | { warn: string; routeId: string; error: string };

// From TypeScript sources (tests) the entry is the .ts file, which then needs a loader in execArgv.
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './compare-worker.ts' : './compare-worker.js', import.meta.url);

/**
 * Worker threads (the shadow threads) that call candidates built from recipes, and decode, compare
 * and redact shadow pairs, so the proxy's event loop only tees and hands over. Tasks are batched over
 * `batchMs` (one message per thread per batch, not per pair), bodies are copied once into fresh
 * buffers that are transferred, never cloned; a task goes to the thread with the fewest in hand (a
 * comparison of a call's answer, to the thread that made the call). A thread that dies rejects its
 * tasks (SHD_ERR_COMPARE_WORKER) and is replaced. Threads are unref'd: they never keep the process alive.
 */
export function createComparePool(opts: ComparePoolOptions): ComparePool {
  const batchMs = opts.batchMs ?? 5;
  const setup: WorkerSetup = {
    routes: opts.routes,
    redact: opts.redact,
    maxDecodedBytes: opts.maxDecodedBytes,
    niceness: opts.niceness ?? 10,
    candidates: opts.candidates ?? [],
    maxBodyBytes: opts.maxBodyBytes ?? 1024 * 1024,
    legacyUrl: opts.legacyUrl ?? null,
    batchMs,
  };
  const slots: Slot[] = [];
  let nextCallId = 1;
  let flushScheduled = false;
  let closed = false;

  const spawn = (index: number): Slot => {
    const worker = new Worker(opts.entry ?? WORKER_URL, { workerData: setup, execArgv: opts.execArgv });
    let onReady!: () => void;
    const whenReady = new Promise<void>((resolve) => (onReady = resolve));
    const generation = (slots[index]?.generation ?? 0) + 1;
    const slot: Slot = { worker, pending: new PendingReplies(), outbox: [], calls: [], forgets: [], ready: new Set(), secondary: false, whenReady, onReady, generation };
    worker.unref();
    worker.on('message', (message: WorkerMessage) => {
      if (!Array.isArray(message)) {
        if ('ready' in message) {
          slot.ready = new Set(message.ready);
          slot.secondary = message.secondary;
          slot.onReady();
        } else opts.logger?.warn({ route: message.routeId, error: message.error }, message.warn);
        return;
      }
      for (const reply of message) {
        const p = slot.pending.take(reply.id);
        if (p === undefined) continue;
        // The reply itself, its `id` and `ok` left on: a rest spread would copy every field a pair.
        if (reply.ok) p.resolve(reply);
        else p.reject(Object.assign(new Error(reply.message), { stage: reply.stage, code: reply.code }));
      }
    });
    const fail = (cause: string): void => {
      slot.onReady();
      if (slots[index] !== slot) return;
      const err = Object.assign(SHD_ERR_COMPARE_WORKER(cause), { stage: 'compare' });
      for (const p of slot.pending.drain()) p.reject(err);
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
  const ready = Promise.all(slots.map((s) => s.whenReady)).then(() => [...slots[0]!.ready].filter((id) => slots.every((s) => s.ready.has(id))));

  const flush = (): void => {
    flushScheduled = false;
    for (const slot of slots) {
      if (slot.outbox.length === 0 && slot.calls.length === 0 && slot.forgets.length === 0) continue;
      const batch = packBatch(slot.outbox, slot.calls, slot.forgets);
      slot.worker.postMessage(batch, [batch]);
      slot.outbox = [];
      slot.calls = [];
      slot.forgets = [];
    }
  };
  const scheduleFlush = (): void => {
    if (!flushScheduled) {
      flushScheduled = true;
      setTimeout(flush, batchMs);
    }
  };

  return {
    size: slots.length,
    ready,
    run(task, call) {
      if (closed) return Promise.reject(Object.assign(SHD_ERR_COMPARE_WORKER('pool closed'), { stage: 'compare' }));
      let slot = slots[0]!;
      if (call !== undefined) {
        slot = slots[call.slot]!;
        // The thread that made the call has died (its tasks were rejected the same way): the answer is gone.
        if (slot.generation !== call.generation) {
          return Promise.reject(Object.assign(SHD_ERR_COMPARE_WORKER('the thread that made the candidate call was restarted'), { stage: 'compare' }));
        }
      } else for (const s of slots) if (s.pending.size < slot.pending.size) slot = s;
      let settle!: Pending;
      const replied = new Promise<OffloadResult>((resolve, reject) => (settle = { resolve, reject }));
      const id = slot.pending.add(settle);
      // Fields named rather than spread, like the primary's outcome in experiment.ts, whose spread took
      // V8's slow path in the serving process (this site was not measured on its own).
      slot.outbox.push({
        id, routeId: task.routeId, contentType: task.contentType, legacy: task.legacy, legacyEncoding: task.legacyEncoding,
        other: task.other, otherEncoding: task.otherEncoding, path: task.path, callId: call?.id ?? null, legacyTooLarge: task.legacyTooLarge ?? false,
      });
      scheduleFlush();
      return replied;
    },
    startCall(task) {
      if (closed) return null;
      let index = -1;
      for (let i = 0; i < slots.length; i++) {
        const s = slots[i]!;
        const able = task.secondary ? s.secondary : s.ready.has(task.routeId);
        if (able && (index === -1 || s.pending.size < slots[index]!.pending.size)) index = i;
      }
      if (index === -1) return null;
      const id = nextCallId++;
      slots[index]!.calls.push({
        id, routeId: task.routeId, method: task.method, url: task.url, headers: task.headers, params: task.params,
        operatorId: task.operatorId, requestId: task.requestId, body: task.body, dryRun: task.dryRun,
        secondary: task.secondary, timeoutMs: task.timeoutMs,
      });
      scheduleFlush();
      return { id, slot: index, generation: slots[index]!.generation };
    },
    forget(call) {
      if (closed || slots[call.slot]!.generation !== call.generation) return;
      slots[call.slot]!.forgets.push(call.id);
      scheduleFlush();
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

/** One turn's messages for a thread, as `unpackBatch` gives them back. */
export interface Batch {
  tasks: CompareTask[];
  calls: CallTask[];
  forgets: number[];
}

/**
 * One turn's tasks packed into one fresh ArrayBuffer, transferred with the message: a 4-byte header
 * length, the JSON header (one row per comparison, one per candidate call, the ids of calls to drop),
 * then each call's request body and each comparison's two bodies. Copying the bodies here is the one
 * copy they get; the tee'd originals may share memory with node's pooled buffers or with a write still
 * in flight to the client, which must never be detached. One transfer and one small string per turn
 * cost the event loop less than cloning an object per task.
 */
export function packBatch(tasks: readonly CompareTask[], calls: readonly CallTask[] = [], forgets: readonly number[] = []): ArrayBuffer {
  const header = JSON.stringify([
    tasks.map((t) => [
      t.id, t.routeId, t.contentType, t.legacyEncoding ?? null, t.otherEncoding ?? null, t.path, t.legacy.byteLength, t.other.byteLength,
      t.callId ?? null, t.legacyTooLarge ?? false,
    ]),
    calls.map((c) => [c.id, c.routeId, c.method, c.url, c.headers, c.params, c.operatorId, c.requestId, c.dryRun, c.secondary, c.timeoutMs, c.body.byteLength]),
    forgets,
  ]);
  const headerBytes = Buffer.byteLength(header);
  let size = 4 + headerBytes;
  for (const c of calls) size += c.body.byteLength;
  for (const t of tasks) size += t.legacy.byteLength + t.other.byteLength;
  // Not zero-filled (every byte is written below) and not from node's shared pool, so it can be transferred.
  const out = Buffer.allocUnsafeSlow(size);
  const batch = out.buffer as ArrayBuffer;
  out.writeUInt32LE(headerBytes, 0);
  out.write(header, 4);
  let at = 4 + headerBytes;
  for (const c of calls) {
    out.set(c.body, at);
    at += c.body.byteLength;
  }
  for (const t of tasks) {
    out.set(t.legacy, at);
    at += t.legacy.byteLength;
    out.set(t.other, at);
    at += t.other.byteLength;
  }
  return batch;
}

type TaskRow = [number, string, string, string | null, string | null, string, number, number, number | null, boolean];
type CallRow = [number, string, string, string, CallTask['headers'], Record<string, string>, string | null, string, boolean, boolean, number, number];

/** The thread's side of `packBatch`: bodies are views into the batch (no copy). */
export function unpackBatch(batch: ArrayBuffer): Batch {
  const bytes = Buffer.from(batch);
  const headerBytes = bytes.readUInt32LE(0);
  const [taskRows, callRows, forgets] = JSON.parse(bytes.toString('utf8', 4, 4 + headerBytes)) as [TaskRow[], CallRow[], number[]];
  let at = 4 + headerBytes;
  const calls = callRows.map(([id, routeId, method, url, headers, params, operatorId, requestId, dryRun, secondary, timeoutMs, bodyLength]): CallTask => {
    const body = bytes.subarray(at, at + bodyLength);
    at += bodyLength;
    return { id, routeId, method, url, headers, params, operatorId, requestId, body, dryRun, secondary, timeoutMs };
  });
  const tasks = taskRows.map(([id, routeId, contentType, legacyEncoding, otherEncoding, path, legacyLength, otherLength, callId, legacyTooLarge]): CompareTask => {
    const legacy = bytes.subarray(at, at + legacyLength);
    at += legacyLength;
    const other = bytes.subarray(at, at + otherLength);
    at += otherLength;
    return { id, routeId, contentType, legacy, legacyEncoding: legacyEncoding ?? undefined, other, otherEncoding: otherEncoding ?? undefined, path, callId, legacyTooLarge };
  });
  return { tasks, calls, forgets };
}
