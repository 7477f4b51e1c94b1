/**
 * Entry of a comparison worker thread: receives batches of tasks, answers one batch of replies.
 * The thread serves no requests, so it may block on decoding and comparing.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { createCompareJob, type CompareSetup } from './compare-job.js';
import { unpackBatch } from './compare-pool.js';

const setup = workerData as CompareSetup & { niceness: number };
lowerOwnPriority(setup.niceness);
const job = createCompareJob(setup);
parentPort!.on('message', (batch: ArrayBuffer) => {
  parentPort!.postMessage(unpackBatch(batch).map(job));
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
