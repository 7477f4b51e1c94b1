/**
 * Entry of a comparison worker thread: receives batches of tasks, answers one batch of replies.
 * The thread serves no requests, so it may block on decoding and comparing.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createCompareJob, type CompareSetup, type CompareTask } from './compare-job.js';

const job = createCompareJob(workerData as CompareSetup);
parentPort!.on('message', (tasks: CompareTask[]) => {
  parentPort!.postMessage(tasks.map(job));
});
