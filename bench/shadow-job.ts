/**
 * What one shadow job costs the event loop, HTTP aside: the runner built from the config as
 * `strangler serve` builds it (one comparison thread), fed jobs whose legacy answer is a stream in
 * memory and whose candidate answers on the next turn with the bench's body (one planted difference).
 * Begin, tee, the job, the hand-off to the comparison thread and the result are all there; sockets are
 * not, so the figure moves with our code and not with the upstreams. The main thread's CPU time comes
 * from /proc (Linux); elsewhere the bench is skipped.
 * Run: `npx tsc -p . && node dist/bench/shadow-job.js` (BENCH_QUICK=1 for fewer jobs).
 */
import { PassThrough } from 'node:stream';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/index.js';
import { createShadowFromConfig, createMemorySink, observe, type ShadowCandidate } from '../shadow/index.js';
import type { BenchResult } from './run-all.js';
import { PAYLOAD, CANDIDATE_PAYLOAD, cpuSeconds, median } from './shadow-shared.js';

/** Options of one run. */
export interface ShadowJobBenchOptions {
  /** Jobs a round. */
  jobs: number;
  /** Counted rounds (after one of warm-up). */
  rounds: number;
}

/** Run the bench and return its figures (also printed when run directly). */
export async function run(options: Partial<ShadowJobBenchOptions> = {}): Promise<BenchResult> {
  const quick = process.env.BENCH_QUICK === '1';
  const o: ShadowJobBenchOptions = { jobs: quick ? 5_000 : 20_000, rounds: quick ? 3 : 5, ...options };
  const config = { jobsPerRound: o.jobs, rounds: o.rounds, loadAverage1mBefore: Number(loadavg()[0]!.toFixed(2)) };
  const mainThreadCpu = (): number | null => cpuSeconds(process.pid, true);
  if (mainThreadCpu() === null) {
    return { name: 'shadow-job', config: { ...config, skipped: 'needs /proc (Linux) for the main thread CPU time' }, figures: {}, targets: {} };
  }
  const legacyBody = Buffer.from(PAYLOAD);
  const candidateBody = Buffer.from(CANDIDATE_PAYLOAD);
  const stranglerConfig = loadConfig({
    overrides: {
      legacy: 'http://127.0.0.1:9',
      server: { port: 0, host: '127.0.0.1' },
      admin: { port: null },
      candidate: { url: 'http://127.0.0.1:9/graphql' },
      shadow: { concurrency: 256, perRouteConcurrency: 256, queueSize: 1024 },
      compare: { rules: { timestamps: ['$.data.inquiry.created_at', '$.data.messages[*].at'] } },
      routes: [{ id: 'shadow-arm', method: 'GET', path: '/api/inquiries/:id', mode: 'shadow', sample: 1, adapter: 'http' }],
    },
    env: { STRANGLER_REDACT_KEY: 'bench' },
  });
  const sink = createMemorySink(1000);
  const candidateHeaders = { 'content-type': 'application/json', 'content-length': String(candidateBody.length) };
  const candidate: ShadowCandidate = {
    dryRun: false,
    call: () =>
      new Promise((resolve) =>
        setImmediate(() => resolve(observe({ side: 'candidate', status: 200, headers: candidateHeaders, body: candidateBody, durationMs: 1 }))),
      ),
  };
  const shadow = createShadowFromConfig(stranglerConfig, { sink, legacy: null, candidateFor: () => candidate });
  const requestHeaders = { host: '127.0.0.1:8080', 'user-agent': 'wrk', accept: '*/*' };
  const responseHeaders = { 'content-type': 'application/json', 'content-length': String(legacyBody.length) };

  // 64 requests a turn, as a busy event loop sees them; at most 128 jobs in flight, as the proxy's slots allow.
  const round = async (): Promise<void> => {
    for (let i = 0; i < o.jobs; i += 64) {
      for (let j = 0; j < 64; j++) {
        const tap = shadow.runner.begin('shadow-arm', 1, {
          method: 'GET', url: '/api/inquiries/123', headers: requestHeaders, params: { id: '123' },
          operatorId: null, requestId: `r${i + j}`, body: null, startedAt: performance.now(),
        });
        const res = Object.assign(new PassThrough(), { statusCode: 200, headers: responseHeaders });
        tap?.captureResponse(res);
        res.resume();
        res.end(legacyBody);
      }
      await new Promise((resolve) => setImmediate(resolve));
      while (shadow.runner.limiter.running > 128) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await shadow.runner.idle();
  };
  // The floor: the same streams with no job, subtracted so the figure is the job's own.
  const floorRound = async (): Promise<void> => {
    for (let i = 0; i < o.jobs; i += 64) {
      for (let j = 0; j < 64; j++) {
        const res = Object.assign(new PassThrough(), { statusCode: 200, headers: responseHeaders });
        res.resume();
        res.end(legacyBody);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const timed = async (fn: () => Promise<void>): Promise<number> => {
    const before = mainThreadCpu()!;
    await fn();
    return ((mainThreadCpu()! - before) * 1e6) / o.jobs;
  };
  await round(); // warm-up: JIT, the comparison thread
  await floorRound();
  const perJob: number[] = [];
  const floor: number[] = [];
  for (let r = 0; r < o.rounds; r++) {
    perJob.push(await timed(round));
    floor.push(await timed(floorRound));
  }
  const stored = sink.results.length + sink.evicted;
  await shadow.close();
  return {
    name: 'shadow-job',
    config,
    figures: {
      mainThreadUsPerJob: Number((median(perJob) - median(floor)).toFixed(1)),
      mainThreadUsPerJobLowest: Number((Math.min(...perJob) - median(floor)).toFixed(1)),
      mainThreadUsPerJobHighest: Number((Math.max(...perJob) - median(floor)).toFixed(1)),
      floorUsPerStream: Number(median(floor).toFixed(1)),
      resultsStored: stored,
    },
    targets: {},
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await run();
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}
