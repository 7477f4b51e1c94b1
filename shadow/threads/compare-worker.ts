/**
 * Entry of a shadow thread: calls the candidates that have a recipe (and legacy again, for the noise
 * baseline, when given its URL), decodes, compares and redacts.
 * It receives batches of calls and comparisons and answers with batches of replies. The thread serves
 * no operator, so it may block on decoding and comparing; its calls' answers wait in its own event loop
 * meanwhile, never in the proxy's.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { compareWithCandidate, createCompareJob, type CompareReply } from '../compare-job.js';
import { createThreadCandidates } from './candidate-thread.js';
import { redactStoredPath } from '../kept-query.js';
import { unpackBatch, type WorkerMessage, type WorkerSetup } from './compare-pool.js';

const setup = workerData as WorkerSetup;
lowerOwnPriority(setup.niceness);
const job = createCompareJob(setup);
// One options object for the thread's life: compare/ caches its compiled matcher per object.
const redactOptions = { ...setup.redact };
const redact = (path: string): string => redactStoredPath(path, redactOptions);
const post = (message: WorkerMessage): void => parentPort!.postMessage(message);
const NO_BYTES = Buffer.alloc(0);

const candidates = createThreadCandidates(setup.candidates, {
  maxBodyBytes: setup.maxBodyBytes,
  legacyUrl: setup.legacyUrl,
  warn: (warn, routeId, err) => post({ warn, routeId, error: String((err as Error)?.message ?? err) }),
});
void candidates.ready.then((ready) => post({ ready, secondary: candidates.secondary }));

// Replies that waited for a candidate's answer leave together, like the proxy's batches: every message
// wakes the proxy's event loop.
let later: CompareReply[] = [];
let laterScheduled = false;
const sendLater = (): void => {
  laterScheduled = false;
  const replies = later;
  later = [];
  post(replies);
};

parentPort!.on('message', (batch: ArrayBuffer) => {
  const { tasks, calls, forgets } = unpackBatch(batch);
  for (const call of calls) candidates.start(call);
  for (const id of forgets) candidates.forget(id);
  const now: CompareReply[] = [];
  for (const task of tasks) {
    if (task.callId === null || task.callId === undefined) {
      now.push(job(task));
      continue;
    }
    // Legacy's answer copied out of the batch: waiting on a slow candidate, a view would keep the whole
    // batch (every other pair's bodies) alive until the call ends.
    const waiting = { ...task, legacy: Buffer.from(task.legacy), other: NO_BYTES };
    void candidates.take(task.callId).then((answer) => {
      later.push(compareWithCandidate(job, waiting, answer, redact));
      if (!laterScheduled) {
        laterScheduled = true;
        setTimeout(sendLater, setup.batchMs);
      }
    });
  }
  if (now.length > 0) post(now);
});

/**
 * On Linux each thread has its own nice value: a nicer comparison thread yields the cores to the
 * event loop whenever both want them, so shadow work cannot lengthen the operator's wait. Elsewhere,
 * or when refused, the thread keeps the default priority.
 */
function lowerOwnPriority(niceness: number): void {
  if (niceness <= 0) return;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid)) setPriority(tid, niceness);
  } catch {
    // not Linux, or not allowed: the default priority
  }
}
