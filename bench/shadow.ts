/**
 * Shadow mode against legacy mode through the real proxy (`startProxy` with `shadowModeHandlers`), same
 * run, alternating rounds; each ratio is taken within a round (arms seconds apart) and the median of
 * those is reported, since this machine's speed drifts by tens of per cent over a minute:
 *  - throughput: wrk at saturation on a legacy-mode route vs a shadow-mode route (sample 1, comparison
 *    on); target ≥ 70 % of legacy mode. The target's arm calls an HTTP candidate answering legacy's
 *    API; a second shadow arm calls an adapter over GraphQL (a stub service as fast as legacy), as
 *    `strangler serve` shadows, with the same pair of answers. A naive fire-and-forget shadow (one
 *    keep-alive call to the candidate, nothing compared) runs beside them as the reference point;
 *  - latency: a paced load (well under saturation), legacy mode vs shadow mode with a candidate 10×
 *    slower than legacy; the primary's p99 may grow ≤ 10 %. Shadow mode with the same-speed candidate
 *    runs paced too, so the growth splits into what shadowing costs and what a slow candidate adds.
 * nginx as the peer (when /usr/sbin/nginx is installed): `mirror` to the same candidate against plain
 * proxy_pass, saturating (throughput kept), and `mirror` to the slow candidate against plain proxy_pass,
 * paced (p99 growth); nginx runs one worker process with keep-alive upstreams.
 * Three processes: the proxy (measured), the upstreams (legacy and candidates, stand-ins for other
 * machines) and the load generator (wrk, else autocannon). On a 2-core machine they share the cores.
 * Run: `npx tsc -p . && node dist/bench/shadow.js` (BENCH_QUICK=1 for a short run; BENCH_CPU_PROF=DIR
 * writes a V8 CPU profile of the proxy process).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fork, execFile, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { writeFileSync, mkdtempSync, existsSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'undici';
import { pino } from 'pino';
import { loadConfig } from '../config/index.js';
import { startProxy, createProxyMetrics, shadowModeHandler, type ModeHandler } from '../proxy/index.js';
import { adapterCandidate, createShadowFromConfig, httpCandidate } from '../shadow/index.js';
import { createBatchWriter } from '../store/index.js';
import { tuneV8ForProxy } from '../runtime/index.js';
import { startNginx, freePort, KEEPALIVE_PROXY, type RunningNginx } from './nginx.js';
import { PAYLOAD, CANDIDATE_PAYLOAD, GRAPHQL_PAYLOAD, benchInquiryAdapter, cpuSeconds, median } from './shadow-shared.js';
import { createGraphqlClient } from '../legacy-adapters/index.js';

const execFileAsync = promisify(execFile);
const WRK = '/usr/bin/wrk';

/** Options of one bench run. */
export interface ShadowBenchOptions {
  /** Alternating rounds per arm. */
  rounds: number;
  /** Seconds per saturating run. */
  seconds: number;
  /** Seconds per paced run (longer: a p99 needs samples). */
  pacedSeconds: number;
  /** Legacy's think time in ms (the slow candidate takes 10× as long). */
  legacyDelayMs: number;
  /** Connections of the saturating load. */
  connections: number;
  /** Connections of the paced load (each waits `paceMs` between requests). */
  pacedConnections: number;
  paceMs: number;
}

/** The figures of one run. */
export interface BenchResult {
  name: string;
  config: Record<string, string | number>;
  figures: Record<string, number>;
  /** Each round's figures per arm, in round order. */
  perRound: { rps: Record<string, number[]>; pacedP99Ms: Record<string, number[]> };
  targets: Record<string, { value: number; target: string; met: boolean }>;
}

interface LoadFigures {
  rps: number;
  p99Ms: number;
}

interface UpstreamUrls {
  legacy: string;
  fastCandidate: string;
  slowCandidate: string;
  /** A GraphQL service answering the bench adapter's query (as fast as legacy). */
  graphql: string;
}

type Arm = 'legacy' | 'shadow' | 'shadowAdapter' | 'shadowInThread' | 'naive' | 'shadowSlow' | 'nginxLegacy' | 'nginxMirror' | 'nginxMirrorSlow';
const ARM_PATH: Record<Arm, string> = {
  legacy: '/legacy/api/inquiries/123',
  shadow: '/shadow/api/inquiries/123',
  shadowAdapter: '/adapter/api/inquiries/123',
  shadowInThread: '/inthread/api/inquiries/123',
  naive: '/naive/api/inquiries/123',
  shadowSlow: '/slow/api/inquiries/123',
  nginxLegacy: '/nginx-legacy/api/inquiries/123',
  nginxMirror: '/nginx-mirror/api/inquiries/123',
  nginxMirrorSlow: '/nginx-mirror-slow/api/inquiries/123',
};
const isNginx = (arm: Arm): boolean => arm.startsWith('nginx');

/** nginx's config: plain proxy_pass, and the same with `mirror` to the fast or the slow candidate. */
function nginxConfig(up: UpstreamUrls, port: number): string {
  const hostPort = (url: string) => new URL(url).host;
  return `  upstream legacy { server ${hostPort(up.legacy)}; keepalive 64; }
  upstream fast { server ${hostPort(up.fastCandidate)}; keepalive 64; }
  upstream slow { server ${hostPort(up.slowCandidate)}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location /nginx-legacy/ { proxy_pass http://legacy; ${KEEPALIVE_PROXY} }
    location /nginx-mirror/ { mirror /_mirror_fast; proxy_pass http://legacy; ${KEEPALIVE_PROXY} }
    location /nginx-mirror-slow/ { mirror /_mirror_slow; proxy_pass http://legacy; ${KEEPALIVE_PROXY} }
    location = /_mirror_fast { internal; proxy_pass http://fast$request_uri; ${KEEPALIVE_PROXY} }
    location = /_mirror_slow { internal; proxy_pass http://slow$request_uri; ${KEEPALIVE_PROXY} }
  }`;
}

/** Upstream role: legacy, a same-speed candidate (one planted difference), a 10× slower one, and a GraphQL service as fast as legacy. */
async function serveUpstreams(delayMs: number): Promise<void> {
  const start = (delay: number, text: string): Promise<string> =>
    new Promise((resolve) => {
      const body = Buffer.from(text);
      const headers = { 'content-type': 'application/json', 'content-length': body.length };
      const s = createServer((req, res) => {
        req.resume();
        req.on('end', () =>
          setTimeout(() => {
            res.writeHead(200, headers);
            res.end(body);
          }, delay),
        );
      });
      s.keepAliveTimeout = 60_000;
      s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`));
    });
  const [legacy, fastCandidate, slowCandidate, graphql] = await Promise.all([
    start(delayMs, PAYLOAD),
    start(delayMs, CANDIDATE_PAYLOAD),
    start(delayMs * 10, CANDIDATE_PAYLOAD),
    start(delayMs, GRAPHQL_PAYLOAD),
  ]);
  process.send!({ legacy, fastCandidate, slowCandidate, graphql } satisfies UpstreamUrls);
}

/**
 * Proxy role: the real proxy as `strangler serve` builds it (config loaded and validated, pino to an
 * async destination, the shadow runner from the config), one route per arm.
 */
async function serveProxy(up: UpstreamUrls): Promise<void> {
  // Slots enough for every request at saturation (docs/shadow.md, "Sizing"): with 64 the bench's ~2,500
  // req/s needed 65-70 at once, so the queue filled and stayed full, about 7 % went uncompared and the
  // waiting jobs cost garbage collection. Comparison on then means every request compared.
  const shadowLimits = { concurrency: 256, perRouteConcurrency: 256, queueSize: 1024 };
  const config = loadConfig({
    overrides: {
      legacy: up.legacy,
      server: { port: 0, host: '127.0.0.1' },
      admin: { port: null },
      candidate: { url: `${up.fastCandidate}/graphql` },
      shadow: shadowLimits,
      compare: { rules: { timestamps: ['$.data.inquiry.created_at', '$.data.messages[*].at'] } },
      routes: [
        { id: 'legacy-arm', method: 'GET', path: '/legacy/api/inquiries/:id', mode: 'legacy' },
        { id: 'shadow-arm', method: 'GET', path: '/shadow/api/inquiries/:id', mode: 'shadow', sample: 1, adapter: 'http' },
        { id: 'adapter-arm', method: 'GET', path: '/adapter/api/inquiries/:id', mode: 'shadow', sample: 1, adapter: 'bench-inquiry' },
        { id: 'inthread-arm', method: 'GET', path: '/inthread/api/inquiries/:id', mode: 'shadow', sample: 1, adapter: 'http' },
        { id: 'naive-arm', method: 'GET', path: '/naive/api/inquiries/:id', mode: 'shadow', sample: 1, adapter: 'http' },
        { id: 'slow-arm', method: 'GET', path: '/slow/api/inquiries/:id', mode: 'shadow', sample: 1, adapter: 'http' },
      ],
    },
    env: { STRANGLER_REDACT_KEY: 'bench' },
  });
  const logger = pino({ base: { instance: config.instance } }, pino.destination({ dest: '/dev/null', sync: false }));
  const metrics = createProxyMetrics();
  // Results are stored as `strangler serve` stores them: through store/'s batch writer, batched as the
  // config's defaults say, so they are held as long as they would be there. The database's own cost is
  // bench/store.ts's subject: here the inserts only count the rows.
  let stored = 0;
  const sink = createBatchWriter(
    {
      insertEvents: async () => undefined,
      insertShadowResults: async (rows) => {
        stored += rows.length;
      },
    },
    config.store,
  );
  const graphqlClient = createGraphqlClient({ url: `${up.graphql}/graphql`, timeoutMs: 5000, connections: 64 });
  const candidates = {
    fast: httpCandidate(up.fastCandidate, { connections: 64 }),
    slow: httpCandidate(up.slowCandidate, { connections: 64 }),
    // As `strangler serve` shadows: legacy request → GraphQL → legacy-shaped answer, called from the
    // shadow thread, which imports the adapter from the same module.
    adapter: adapterCandidate(benchInquiryAdapter, graphqlClient, {
      from: {
        sources: { dirs: [], modules: [new URL('./shadow-shared.js', import.meta.url).href] },
        graphql: { url: graphqlClient.url, timeoutMs: 5000, connections: 64 },
      },
    }),
  };
  const shadow = createShadowFromConfig(config, {
    sink,
    registry: metrics.registry,
    logger,
    legacy: null,
    candidateFor: (route) =>
      route.id === 'slow-arm' ? candidates.slow : route.id === 'shadow-arm' ? candidates.fast : route.id === 'adapter-arm' ? candidates.adapter : null,
  });
  // Its threads call the HTTP and adapter candidates from the first request on.
  await shadow.ready;
  // The same runner with candidate calls, decoding, comparison and redaction left on the event loop.
  const inThread = createShadowFromConfig(config, {
    sink,
    registry: metrics.registry,
    logger,
    legacy: null,
    compareWorkers: 0,
    candidateFor: (route) => (route.id === 'inthread-arm' ? candidates.fast : null),
  });
  const real = shadowModeHandler(shadow.runner);
  const realInThread = shadowModeHandler(inThread.runner);
  // The reference point: fire one keep-alive call at the candidate and throw the answer away.
  const naivePool = new Pool(new URL(up.fastCandidate).origin, { connections: 64 });
  const naive: ModeHandler = (ctx) => {
    ctx.setOutcome({ servedBy: 'legacy', arm: 'shadow' });
    naivePool
      .request({ method: 'GET', path: ctx.req.url ?? '/', headers: { 'x-strangler-shadow': 'candidate' } })
      .then((r) => r.body.dump())
      .catch(() => undefined);
    ctx.passthrough();
  };
  const proxy = await startProxy(config, {
    logger,
    metrics,
    handlers: {
      shadow: (ctx) => {
        const id = ctx.route === null ? '' : ctx.route.id;
        return id === 'naive-arm' ? naive(ctx) : id === 'inthread-arm' ? realInThread(ctx) : real(ctx);
      },
    },
  });
  process.on('message', (msg: { cmd: string }) => {
    if (msg.cmd === 'idle') {
      void Promise.all([shadow.runner.idle(), inThread.runner.idle()])
        .then(() => sink.flush())
        .then(() => process.send!({ idle: true, stored }));
    } else if (msg.cmd === 'stop') {
      void (async () => {
        await proxy.close();
        await shadow.close();
        await inThread.close();
        await sink.close();
        await Promise.all([candidates.fast.close(), candidates.slow.close(), graphqlClient.close(), naivePool.close()]);
        process.exit(0); // --cpu-prof writes its profile on a normal exit
      })();
    }
  });
  process.send!({ port: proxy.port });
}

function startChild(env: Record<string, string>, execArgv: string[] = []): ChildProcess {
  return fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, ...env }, execArgv });
}

const nextMessage = <T>(child: ChildProcess): Promise<T> => new Promise((resolve) => child.once('message', (m) => resolve(m as T)));

let pacedScript: string | undefined;

/** One load run in its own process: wrk when installed, else autocannon in a child process. */
async function load(url: string, seconds: number, o: ShadowBenchOptions, paced: boolean): Promise<LoadFigures> {
  if (existsSync(WRK)) {
    const args = ['-t1', `-d${seconds}s`, '--latency'];
    if (paced) {
      // Each connection waits paceMs between requests: a steady load well under saturation.
      pacedScript ??= join(mkdtempSync(join(tmpdir(), 'shadow-bench-')), 'paced.lua');
      writeFileSync(pacedScript, `function delay()\n  return ${o.paceMs}\nend\n`);
      args.push(`-c${o.pacedConnections}`, '-s', pacedScript);
    } else {
      args.push(`-c${o.connections}`);
    }
    const { stdout } = await execFileAsync(WRK, [...args, url]);
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
    const p99 = /99%\s+([\d.]+)(us|ms|s)\b/.exec(stdout);
    const unit = p99?.[2] === 'us' ? 0.001 : p99?.[2] === 's' ? 1000 : 1;
    return { rps, p99Ms: Number(p99?.[1]) * unit };
  }
  // autocannon has no per-connection pause: a paced run caps the overall rate instead.
  const require = createRequire(import.meta.url);
  const bin = require.resolve('autocannon/autocannon.js');
  const rate = paced ? ['-R', String(Math.round((o.pacedConnections * 1000) / (o.paceMs + o.legacyDelayMs)))] : [];
  const { stdout } = await execFileAsync(process.execPath, [bin, '-j', '-d', String(seconds), '-c', String(paced ? o.pacedConnections : o.connections), ...rate, url]);
  const out = JSON.parse(stdout) as { requests: { average: number }; latency: { p99: number } };
  return { rps: out.requests.average, p99Ms: out.latency.p99 };
}

/** Each round's `a / b`: arms of one round run seconds apart, so the machine's drift cancels out. */
const perRound = (a: readonly number[], b: readonly number[]): number[] => a.map((x, i) => x / b[i]!);


/** Run the bench and return its figures (also printed when run directly). */
export async function run(opts: Partial<ShadowBenchOptions> = {}): Promise<BenchResult> {
  const quick = process.env.BENCH_QUICK === '1';
  const o: ShadowBenchOptions = {
    rounds: quick ? 2 : 5,
    seconds: 2,
    pacedSeconds: quick ? 2 : 5,
    legacyDelayMs: 2,
    connections: 32,
    pacedConnections: 8,
    paceMs: 10,
    ...opts,
  };
  const loadBefore = loadavg()[0]!;
  const upstream = startChild({ SHADOW_BENCH_ROLE: 'upstream', SHADOW_BENCH_DELAY: String(o.legacyDelayMs) });
  const urls = await nextMessage<UpstreamUrls>(upstream);
  const profDir = process.env.BENCH_CPU_PROF;
  const proxyChild = startChild(
    { SHADOW_BENCH_ROLE: 'proxy', SHADOW_BENCH_UPSTREAMS: JSON.stringify(urls) },
    profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [],
  );
  const { port } = await nextMessage<{ port: number }>(proxyChild);
  const base = `http://127.0.0.1:${port}`;
  const nginxPort = await freePort();
  let nginx: RunningNginx | null = null;
  try {
    nginx = await startNginx(nginxConfig(urls, nginxPort), nginxPort);
  } catch (err) {
    process.stderr.write(`bench/shadow: nginx arms skipped: ${(err as Error).message}\n`);
  }
  const urlOf = (arm: Arm): string => (isNginx(arm) ? `http://127.0.0.1:${nginxPort}` : base) + ARM_PATH[arm];
  const idle = async (): Promise<number> => {
    proxyChild.send({ cmd: 'idle' });
    return (await nextMessage<{ stored: number }>(proxyChild)).stored;
  };

  const rps: Record<'legacy' | 'shadow' | 'shadowAdapter' | 'shadowInThread' | 'naive' | 'nginxLegacy' | 'nginxMirror', number[]> = {
    legacy: [], shadow: [], shadowAdapter: [], shadowInThread: [], naive: [], nginxLegacy: [], nginxMirror: [],
  };
  const p99: Record<'legacy' | 'shadow' | 'shadowSlow' | 'nginxLegacy' | 'nginxMirrorSlow', number[]> = { legacy: [], shadow: [], shadowSlow: [], nginxLegacy: [], nginxMirrorSlow: [] };
  const cpu: Record<string, { proxy: number[]; upstream: number[]; proxyUsPerReq: number[]; loopUsPerReq: number[]; storedShare: number[] }> = {};
  let storedSoFar = 0;
  const measure = async (arm: Arm, paced: boolean): Promise<LoadFigures> => {
    const sample = () => [cpuSeconds(proxyChild.pid), cpuSeconds(upstream.pid), cpuSeconds(proxyChild.pid, true)];
    const before = sample();
    const seconds = paced ? o.pacedSeconds : o.seconds;
    const figures = await load(urlOf(arm), seconds, o, paced);
    if (isNginx(arm)) return figures; // the proxy process's CPU and sink say nothing of nginx
    const stored = await idle(); // background work of this arm is its cost, and must not spill into the next arm
    const after = sample();
    const key = paced ? `${arm}Paced` : arm;
    const c = (cpu[key] ??= { proxy: [], upstream: [], proxyUsPerReq: [], loopUsPerReq: [], storedShare: [] });
    // Requests of this arm whose comparison reached the sink (the rest were dropped at a full queue).
    if (arm !== 'legacy' && arm !== 'naive') c.storedShare.push((stored - storedSoFar) / (figures.rps * seconds));
    storedSoFar = stored;
    const used = before.map((b, i) => (b === null || after[i] === null ? null : after[i]! - b));
    const requests = figures.rps * seconds;
    if (used[0] !== null) {
      c.proxy.push(used[0] / seconds);
      c.proxyUsPerReq.push((used[0] * 1e6) / requests);
    }
    if (used[1] !== null) c.upstream.push(used[1] / seconds);
    if (used[2] !== null) c.loopUsPerReq.push((used[2] * 1e6) / requests);
    return figures;
  };
  let stored = 0;
  try {
    const nginxArms = nginx === null ? [] : (['nginxLegacy', 'nginxMirror'] as const);
    for (const arm of ['legacy', 'shadow', 'shadowAdapter', 'shadowInThread', 'naive', 'shadowSlow', ...nginxArms] as const) await load(urlOf(arm), 1, o, false); // warm-up
    stored = await idle();
    storedSoFar = stored;
    for (let round = 0; round < o.rounds; round++) {
      // Rotate the order so that drift (thermal, GC, JIT) favours no arm.
      const arms = (['legacy', 'shadow', 'shadowAdapter', 'shadowInThread', 'naive', ...nginxArms] as const).map((_, i, a) => a[(i + round) % a.length]!);
      for (const arm of arms) rps[arm].push((await measure(arm, false)).rps);
      // The same-speed candidate's paced arm splits the growth: what shadowing costs the primary at all,
      // and what the candidate's slowness adds to that.
      const latSets: (readonly ('legacy' | 'shadow' | 'shadowSlow' | 'nginxLegacy' | 'nginxMirrorSlow')[])[] = [['legacy', 'shadow', 'shadowSlow']];
      if (nginx !== null) latSets.push(['nginxLegacy', 'nginxMirrorSlow']);
      for (const set of latSets) {
        const latArms = set.map((_, i) => set[(i + round) % set.length]!);
        for (const arm of latArms) p99[arm].push((await measure(arm, true)).p99Ms);
      }
    }
    stored = (await idle()) - stored;
  } finally {
    proxyChild.send({ cmd: 'stop' });
    await new Promise((resolve) => proxyChild.once('exit', resolve));
    await nginx?.stop();
    upstream.kill();
  }
  const nginxFigures: Record<string, number> = {};
  if (rps.nginxLegacy.length > 0) {
    const kept = median(perRound(rps.nginxMirror, rps.nginxLegacy));
    const growthNginx = median(perRound(p99.nginxMirrorSlow, p99.nginxLegacy)) - 1;
    Object.assign(nginxFigures, {
      nginxLegacyRps: Math.round(median(rps.nginxLegacy)),
      nginxMirrorRps: Math.round(median(rps.nginxMirror)),
      nginxMirrorRatio: Number(kept.toFixed(3)),
      nginxLegacyP99Ms: Number(median(p99.nginxLegacy).toFixed(2)),
      nginxMirrorSlowCandidateP99Ms: Number(median(p99.nginxMirrorSlow).toFixed(2)),
      nginxMirrorP99Growth: Number(growthNginx.toFixed(3)),
    });
  }
  const legacyRps = median(rps.legacy);
  const shadowRps = median(rps.shadow);
  const naiveRps = median(rps.naive);
  const inThreadRps = median(rps.shadowInThread);
  const legacyP99 = median(p99.legacy);
  const slowP99 = median(p99.shadowSlow);
  const ratios = perRound(rps.shadow, rps.legacy);
  const adapterRatios = perRound(rps.shadowAdapter, rps.legacy);
  const naiveRatios = perRound(rps.naive, rps.legacy);
  const growths = perRound(p99.shadowSlow, p99.legacy).map((r) => r - 1);
  const fastGrowths = perRound(p99.shadow, p99.legacy).map((r) => r - 1);
  const ratio = median(ratios);
  const growth = median(growths);
  const cpuFigures: Record<string, number> = {};
  for (const [arm, c] of Object.entries(cpu)) {
    if (c.proxy.length > 0) cpuFigures[`cpuCores_${arm}_proxy`] = Number(median(c.proxy).toFixed(2));
    if (c.upstream.length > 0) cpuFigures[`cpuCores_${arm}_upstreams`] = Number(median(c.upstream).toFixed(2));
    // CPU per request holds still when other work shares the cores; throughput does not.
    if (c.proxyUsPerReq.length > 0) cpuFigures[`cpuUsPerRequest_${arm}_proxyAllThreads`] = Math.round(median(c.proxyUsPerReq));
    if (c.loopUsPerReq.length > 0) cpuFigures[`cpuUsPerRequest_${arm}_proxyEventLoop`] = Math.round(median(c.loopUsPerReq));
    if (c.storedShare.length > 0) cpuFigures[`comparedShare_${arm}`] = Number(Math.min(1, median(c.storedShare)).toFixed(3));
  }
  return {
    name: 'shadow',
    config: {
      cores: cpus().length,
      // Other work on the machine shows here: throughput figures mean little when it is above the core count.
      loadAverage1mBefore: Number(loadBefore.toFixed(2)),
      loadAverage1mAfter: Number(loadavg()[0]!.toFixed(2)),
      processes: `3 share the cores: proxy (measured, main thread + helper threads), upstreams (legacy + candidates), load generator (${existsSync(WRK) ? 'wrk -t1' : 'autocannon'})`,
      body: `${Buffer.byteLength(PAYLOAD)} B JSON, one planted difference`,
      legacyDelayMs: o.legacyDelayMs,
      fastCandidateDelayMs: o.legacyDelayMs,
      slowCandidateDelayMs: o.legacyDelayMs * 10,
      saturatingLoad: `${o.connections} connections`,
      pacedLoad: `${o.pacedConnections} connections × ${o.paceMs} ms pause`,
      rounds: o.rounds,
      secondsPerSaturatingRun: o.seconds,
      secondsPerPacedRun: o.pacedSeconds,
      compareWorkers: 'shadow arms: 1 thread; shadowInThread: 0',
      candidates: 'HTTP replay of legacy\'s API (shadow, shadowInThread, shadowSlow); an adapter over GraphQL as strangler serve shadows (shadowAdapter)',
      nginx: rps.nginxLegacy.length > 0 ? '1 worker process, keepalive upstreams, mirror (nothing compared)' : 'not installed: skipped',
    },
    figures: {
      legacyModeRps: Math.round(legacyRps),
      shadowModeRps: Math.round(shadowRps),
      shadowInThreadRps: Math.round(inThreadRps),
      naiveFireAndForgetRps: Math.round(naiveRps),
      throughputRatio: Number(ratio.toFixed(3)),
      throughputRatioLowest: Number(Math.min(...ratios).toFixed(3)),
      throughputRatioHighest: Number(Math.max(...ratios).toFixed(3)),
      roundsThroughputMet: ratios.filter((r) => r >= 0.7).length,
      shadowAdapterRps: Math.round(median(rps.shadowAdapter)),
      adapterThroughputRatio: Number(median(adapterRatios).toFixed(3)),
      adapterThroughputRatioLowest: Number(Math.min(...adapterRatios).toFixed(3)),
      adapterThroughputRatioHighest: Number(Math.max(...adapterRatios).toFixed(3)),
      roundsAdapterThroughputMet: adapterRatios.filter((r) => r >= 0.7).length,
      inThreadRatio: Number(median(perRound(rps.shadowInThread, rps.legacy)).toFixed(3)),
      naiveRatio: Number(median(naiveRatios).toFixed(3)),
      naiveRatioLowest: Number(Math.min(...naiveRatios).toFixed(3)),
      naiveRatioHighest: Number(Math.max(...naiveRatios).toFixed(3)),
      legacyModeP99Ms: Number(legacyP99.toFixed(2)),
      shadowSlowCandidateP99Ms: Number(slowP99.toFixed(2)),
      p99Growth: Number(growth.toFixed(3)),
      shadowSameSpeedCandidateP99Ms: Number(median(p99.shadow).toFixed(2)),
      p99GrowthSameSpeedCandidate: Number(median(fastGrowths).toFixed(3)),
      // Near 1 when the candidate's slowness does not reach the primary (runs differ by ±20 % here).
      p99SlowOverSameSpeedCandidate: Number(median(perRound(p99.shadowSlow, p99.shadow)).toFixed(3)),
      roundsP99Met: growths.filter((g) => g <= 0.1).length,
      comparisonsStored: stored,
      ...nginxFigures,
      ...cpuFigures,
    },
    // Each round's own figures, in the order the arms' rounds ran: the medians above hide how far they spread.
    perRound: {
      rps: Object.fromEntries(Object.entries(rps).filter(([, xs]) => xs.length > 0).map(([arm, xs]) => [arm, xs.map(Math.round)])),
      pacedP99Ms: Object.fromEntries(Object.entries(p99).filter(([, xs]) => xs.length > 0)),
    },
    targets: {
      throughputRatio: { value: ratio, target: '>= 0.70', met: ratio >= 0.7 },
      p99Growth: { value: growth, target: '<= 0.10', met: growth <= 0.1 },
    },
  };
}

if (process.env.SHADOW_BENCH_ROLE === 'upstream') {
  await serveUpstreams(Number(process.env.SHADOW_BENCH_DELAY ?? '2'));
} else if (process.env.SHADOW_BENCH_ROLE === 'proxy') {
  // As `strangler serve` starts.
  tuneV8ForProxy();
  await serveProxy(JSON.parse(process.env.SHADOW_BENCH_UPSTREAMS!) as UpstreamUrls);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await run();
  console.log(JSON.stringify(result, null, 2));
}
