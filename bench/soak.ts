/**
 * Load and soak: the whole toolkit as `strangler serve` runs it (startStrangler: SQLite store and batch
 * writer, flags, adapters, shadow with comparison) in front of the sample stack, every route in shadow
 * with sample 1 and the GraphQL candidate slowed down (setDelay), under a steady paced load for a
 * bounded time. Then an overload phase: the candidate dead (it never answers), the load as fast as
 * the connections go, so the shadow slots and queue fill and further jobs are dropped.
 * Measured in the same process (proxy, sample stack and load generator share one event loop, so the
 * delay figures include the load generator's own work): RSS peak over the settled baseline,
 * event-loop delay (perf_hooks.monitorEventLoopDelay), open file descriptors and sockets before and
 * after (after a settle), and what the operators saw (every answer legacy's).
 * Run: `npx tsc -p . && node dist/bench/soak.js` (60 s steady + 15 s overload; BENCH_QUICK=1: 15 s + 5 s).
 */
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Pool } from 'undici';
import { pino } from 'pino';
import { loadConfig } from '../config/index.js';
import { startStrangler } from '../runtime/index.js';
import { startSampleStack } from '../examples/sample-stack/index.js';
import { exampleAdapters } from '../examples/adapters/index.js';

/** Options of one soak run. */
export interface SoakOptions {
  /** Seconds of steady load. */
  steadySeconds: number;
  /** Requests per second during the steady phase. */
  rate: number;
  /** Added delay of the GraphQL candidate during the steady phase, ms. */
  candidateDelayMs: number;
  /** Seconds of overload with a dead candidate (0 skips it). */
  overloadSeconds: number;
  /** Client connections of the load generator. */
  connections: number;
  /** Quiet time before the baseline and after the load, ms. */
  settleMs: number;
}

/** The figures of one soak run. */
export interface SoakFigures {
  requests: number;
  /** Answers that were not 200, in both phases (the operator would have seen them). */
  nonOk: number;
  /** Client-side errors (resets, timeouts), in both phases. */
  clientErrors: number;
  rssBaselineMb: number;
  rssPeakSteadyMb: number;
  rssGrowthSteadyMb: number;
  rssPeakOverloadMb: number;
  rssGrowthOverloadMb: number;
  rssAfterMb: number;
  loopDelayP50Ms: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Open descriptors before the stack and proxy start, and after they are closed. */
  fdsBefore: number;
  fdsAfter: number;
  /** Most sockets open at once while the load ran (pools, clients, servers: all in this process). */
  socketsPeak: number;
  socketsBefore: number;
  socketsAfter: number;
  /** Shadow comparisons stored and jobs dropped (queue full), per phase. */
  shadowResultsSteady: number;
  shadowDroppedSteady: number;
  shadowResultsOverload: number;
  shadowDroppedOverload: number;
  eventsWritten: number;
  eventsDropped: number;
  overloadRequests: number;
  /** Stated memory bound of the shadow runner for this config, MB (see docs/shadow.md, Bounds). */
  shadowMemoryBoundMb: number;
}

const PATHS = (i: number): string => {
  const n = (i % 40) + 1;
  switch (i % 4) {
    case 0: return '/api/inquiries';
    case 1: return `/api/inquiries/${n}`;
    case 2: return `/api/items/${n}`;
    default: return `/api/users/${n}`;
  }
};

/** Open file descriptors of this process, and how many of them are sockets. */
export function openFds(): { fds: number; sockets: number } {
  let fds = 0;
  let sockets = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      fds++;
      if (target.startsWith('socket:')) sockets++;
    } catch {
      // the fd used to list the directory is gone by now
    }
  }
  return { fds, sockets };
}

// monitorEventLoopDelay's samples include its own timer period: the delay is what exceeds it.
const LOOP_RESOLUTION_MS = 10;
const delayMs = (ns: number): number => Number(Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS).toFixed(2));
const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Run the soak scenario in this process and return its figures. */
export async function runSoak(opts: SoakOptions): Promise<SoakFigures> {
  // Descriptors before anything starts, and after everything is closed again: what is left over leaked.
  const before = openFds();
  let figures: Omit<SoakFigures, 'fdsBefore' | 'fdsAfter' | 'socketsBefore' | 'socketsAfter'>;
  const dir = mkdtempSync(join(tmpdir(), 'strangler-soak-'));
  const stack = await startSampleStack({ dbFile: join(dir, 'sample.db') });
  const shadowLimits = { concurrency: 16, perRouteConcurrency: 8, queueSize: 256, maxBodyBytes: 1024 ** 2, timeoutMs: 2000 };
  const config = loadConfig({
    overrides: {
      ...stack.configOverrides(),
      server: { port: 0, host: '127.0.0.1' },
      admin: { port: null },
      store: { url: `sqlite:${join(dir, 'strangler.db')}` },
      shadow: shadowLimits,
      compare: { rules: { timestamps: ['$.data.inquiry.created_at', '$.data.messages[*].at'] } },
      routes: [
        { id: 'inquiry-list', method: 'GET', path: '/api/inquiries', adapter: 'inquiry-list', mode: 'shadow', sample: 1 },
        { id: 'inquiry-detail', method: 'GET', path: '/api/inquiries/:id', adapter: 'inquiry-detail', mode: 'shadow', sample: 1 },
        { id: 'item', method: 'GET', path: '/api/items/:id', adapter: 'item', mode: 'shadow', sample: 1 },
        { id: 'user', method: 'GET', path: '/api/users/:id', adapter: 'user', mode: 'shadow', sample: 1 },
      ],
    },
    env: { STRANGLER_REDACT_KEY: 'soak' },
  });
  const log = pino.destination({ dest: process.env.SOAK_LOG ?? '/dev/null', sync: false });
  const strangler = await startStrangler(config, { logger: pino({ level: 'warn' }, log), builtInAdapters: exampleAdapters, builtInAdaptersModule: new URL('../examples/adapters/index.js', import.meta.url).href });
  const origin = `http://127.0.0.1:${strangler.proxy.port}`;
  let pool = new Pool(origin, { connections: opts.connections, pipelining: 1 });
  let i = 0;
  const counts = { requests: 0, nonOk: 0, clientErrors: 0 };
  const one = async (): Promise<void> => {
    const k = i++;
    try {
      const res = await pool.request({ method: 'GET', path: PATHS(k), headers: { 'x-operator-id': `op-${k % 12}` } });
      await res.body.dump();
      counts.requests++;
      if (res.statusCode !== 200) counts.nonOk++;
    } catch {
      counts.clientErrors++;
    }
  };

  const metric = async (name: string): Promise<number> => {
    const m = strangler.proxy.metrics.registry.getSingleMetric(name);
    if (m === undefined) return 0;
    return (await m.get()).values.reduce((sum, v) => sum + v.value, 0);
  };

  try {
    // Warm-up at full concurrency (JIT, keep-alive pools at their working size, prepared statements),
    // then settle before the baseline.
    await Promise.all(Array.from({ length: opts.connections }, async () => {
      for (let w = 0; w < 10; w++) await one();
    }));
    await strangler.shadow?.runner.idle();
    await strangler.writer.flush();
    await pool.close();
    await sleep(opts.settleMs);
    global.gc?.();
    const rssBaseline = process.memoryUsage.rss();
    let socketsPeak = openFds().sockets;
    const resultsAtStart = await metric('strangler_shadow_results_total');
    const droppedAtStart = await metric('strangler_shadow_dropped_total');
    counts.requests = 0;
    pool = new Pool(origin, { connections: opts.connections, pipelining: 1 });

    // Steady phase: `rate` requests a second, issued every 10 ms, the candidate slowed down.
    stack.graphql.setDelay(opts.candidateDelayMs);
    const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    loop.enable();
    let rssPeakSteady = rssBaseline;
    let issued = 0;
    let ticks = 0;
    const inFlight = new Set<Promise<void>>();
    const started = Date.now();
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        const elapsed = Date.now() - started;
        if (elapsed >= opts.steadySeconds * 1000) {
          clearInterval(tick);
          resolve();
          return;
        }
        // Catch up on the schedule (a late tick issues what it owes): a steady rate, not a steady tick.
        for (const due = Math.floor((elapsed * opts.rate) / 1000); issued < due; issued++) {
          const p = one();
          inFlight.add(p);
          void p.finally(() => inFlight.delete(p));
        }
        rssPeakSteady = Math.max(rssPeakSteady, process.memoryUsage.rss());
        if (++ticks % 50 === 0) socketsPeak = Math.max(socketsPeak, openFds().sockets);
      }, 10);
    });
    await Promise.all(inFlight);
    loop.disable();
    const steadyRequests = counts.requests;
    await strangler.shadow?.runner.idle();
    const resultsSteady = (await metric('strangler_shadow_results_total')) - resultsAtStart;
    const droppedSteady = (await metric('strangler_shadow_dropped_total')) - droppedAtStart;

    // Overload: a dead candidate (never answers within the shadow timeout), load as fast as it goes.
    let rssPeakOverload = process.memoryUsage.rss();
    counts.requests = 0;
    if (opts.overloadSeconds > 0) {
      stack.graphql.setDelay(60_000);
      const until = Date.now() + opts.overloadSeconds * 1000;
      const sampler = setInterval(() => {
        rssPeakOverload = Math.max(rssPeakOverload, process.memoryUsage.rss());
        socketsPeak = Math.max(socketsPeak, openFds().sockets);
      }, 50);
      await Promise.all(Array.from({ length: opts.connections }, async () => {
        while (Date.now() < until) await one();
      }));
      clearInterval(sampler);
      rssPeakOverload = Math.max(rssPeakOverload, process.memoryUsage.rss());
      stack.graphql.setDelay(0);
    }
    const overloadRequests = counts.requests;

    // Settle: shadow jobs time out, buffered rows are written, client sockets close, idle keep-alive
    // sockets past the servers' keepAliveTimeout (5 s) close.
    await strangler.shadow?.runner.idle();
    await strangler.writer.flush();
    await pool.close();
    await sleep(opts.settleMs);
    global.gc?.();
    const w = strangler.writer.stats();
    const bodyBound = (shadowLimits.concurrency + shadowLimits.queueSize) * 3 * shadowLimits.maxBodyBytes;
    figures = {
      requests: steadyRequests,
      nonOk: counts.nonOk,
      clientErrors: counts.clientErrors,
      rssBaselineMb: mb(rssBaseline),
      rssPeakSteadyMb: mb(rssPeakSteady),
      rssGrowthSteadyMb: mb(rssPeakSteady - rssBaseline),
      rssPeakOverloadMb: mb(rssPeakOverload),
      rssGrowthOverloadMb: mb(rssPeakOverload - rssBaseline),
      rssAfterMb: mb(process.memoryUsage.rss()),
      loopDelayP50Ms: delayMs(loop.percentile(50)),
      loopDelayP99Ms: delayMs(loop.percentile(99)),
      loopDelayMaxMs: delayMs(loop.max),
      socketsPeak,
      shadowResultsSteady: resultsSteady,
      shadowDroppedSteady: droppedSteady,
      shadowResultsOverload: (await metric('strangler_shadow_results_total')) - resultsAtStart - resultsSteady,
      shadowDroppedOverload: (await metric('strangler_shadow_dropped_total')) - droppedAtStart - droppedSteady,
      eventsWritten: w.written,
      eventsDropped: w.dropped,
      overloadRequests,
      shadowMemoryBoundMb: mb(bodyBound),
    };
  } finally {
    await pool.close().catch(() => undefined);
    await strangler.close();
    await stack.close();
    log.end();
    rmSync(dir, { recursive: true, force: true });
  }
  await sleep(500); // socket close events
  const after = openFds();
  return { ...figures, fdsBefore: before.fds, fdsAfter: after.fds, socketsBefore: before.sockets, socketsAfter: after.sockets };
}

/** The figures of one bench run (same shape as the other benches). */
export interface BenchResult {
  name: string;
  config: Record<string, string | number>;
  figures: Record<string, number>;
  targets: Record<string, { value: number; target: string; met: boolean }>;
}

/** Stated bounds the soak must stay within. */
export const SOAK_BOUNDS = {
  /** RSS growth over the settled baseline during the steady phase, MB. */
  rssGrowthSteadyMb: 100,
  /** Event-loop delay p99 during the steady phase, ms (proxy, sample stack and load generator on one loop). */
  loopDelayP99Ms: 50,
  /** File descriptors and sockets after the run and a settle, over the count before. */
  fdLeak: 2,
} as const;

/** Run the soak bench (BENCH_QUICK=1: 15 s steady, 5 s overload). */
export async function run(options: Partial<SoakOptions> = {}): Promise<BenchResult> {
  const quick = process.env.BENCH_QUICK === '1';
  const opts: SoakOptions = {
    steadySeconds: quick ? 15 : 60,
    rate: 200,
    candidateDelayMs: 50,
    overloadSeconds: quick ? 5 : 15,
    connections: 32,
    settleMs: 2000,
    ...options,
  };
  const loadBefore = loadavg()[0]!;
  const f = await runSoak(opts);
  const fdLeak = Math.max(f.fdsAfter - f.fdsBefore, f.socketsAfter - f.socketsBefore);
  return {
    name: 'soak',
    config: {
      cpus: cpus().length,
      loadAverage1mBefore: Number(loadBefore.toFixed(2)),
      loadAverage1mAfter: Number(loadavg()[0]!.toFixed(2)),
      steadySeconds: opts.steadySeconds,
      rate: opts.rate,
      candidateDelayMs: opts.candidateDelayMs,
      overloadSeconds: opts.overloadSeconds,
      connections: opts.connections,
      routes: '4 GET routes in shadow, sample 1; sample legacy CS + sample GraphQL service; SQLite store',
      process: 'proxy, sample stack and load generator share one process and event loop',
    },
    figures: { ...f },
    targets: {
      rssGrowthSteadyMb: { value: f.rssGrowthSteadyMb, target: `<= ${SOAK_BOUNDS.rssGrowthSteadyMb}`, met: f.rssGrowthSteadyMb <= SOAK_BOUNDS.rssGrowthSteadyMb },
      rssGrowthOverloadMb: { value: f.rssGrowthOverloadMb, target: `<= ${f.shadowMemoryBoundMb} (shadow bound)`, met: f.rssGrowthOverloadMb <= f.shadowMemoryBoundMb },
      loopDelayP99Ms: { value: f.loopDelayP99Ms, target: `<= ${SOAK_BOUNDS.loopDelayP99Ms}`, met: f.loopDelayP99Ms <= SOAK_BOUNDS.loopDelayP99Ms },
      fdLeak: { value: fdLeak, target: `<= ${SOAK_BOUNDS.fdLeak}`, met: fdLeak <= SOAK_BOUNDS.fdLeak },
      operatorErrors: { value: f.nonOk + f.clientErrors, target: '0', met: f.nonOk + f.clientErrors === 0 },
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await run();
  console.log(JSON.stringify(result, null, 2));
}
