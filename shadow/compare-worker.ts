/**
 * Entry of a comparison worker thread: receives batches of tasks, answers one batch of replies.
 * The thread serves no requests, so it may block on decoding and comparing.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createCompareJob, type CompareSetup } from './compare-job.js';
import { unpackBatch } from './compare-pool.js';

const job = createCompareJob(workerData as CompareSetup);
parentPort!.on('message', (batch: ArrayBuffer) => {
  parentPort!.postMessage(unpackBatch(batch).map(job));
});
