/**
 * Shadow mode against legacy mode, same front, same run, alternating rounds (medians):
 *  - throughput: wrk at saturation, legacy mode vs shadow mode (sample 1, comparison on); target ≥ 70 %;
 *  - latency: a paced load (not saturating), legacy mode vs shadow mode with a candidate 10× slower
 *    than legacy; the primary's p99 may grow ≤ 10 %.
 * Upstreams (legacy, candidates) run in a child process and wrk in its own, so only the front shares
 * this event loop. Run: `npx tsc -p . && node dist/bench/shadow.js` (BENCH_QUICK=1 for a short run).
 */
import { createServer, Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fork, execFile, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import httpProxy from 'http-proxy';
import { compareBodies, NoiseModel } from '../compare/index.js';
import { createShadowRunner, createMemorySink, createRedactor, httpCandidate, type ShadowRunner } from '../shadow/index.js';

const execFileAsync = promisify(execFile);

/** Options of one bench run. */
export interface ShadowBenchOptions {
  /** Alternating rounds per arm. */
  rounds: number;
  /** Seconds per wrk run. */
  seconds: number;
  /** Legacy's think time in ms (the candidate takes 10× as long in the latency arm). */
  legacyDelayMs: number;
}

/** The figures of one run. */
export interface BenchResult {
  name: string;
  figures: Record<string, number>;
  targets: Record<string, { value: number; target: string; met: boolean }>;
}

interface WrkFigures {
  rps: number;
  p99Ms: number;
}

interface Upstreams {
  legacy: string;
  fastCandidate: string;
  slowCandidate: string;
  child: ChildProcess;
}

const PAYLOAD = JSON.stringify({
  result: 'OK',
  data: {
    inquiry: { id: 123456789012345, status: 'OPEN', subject: 'Item not received', created_at: '2018-10-04 12:00:00' },
    messages: Array.from({ length: 24 }, (_, i) => ({
      id: 1000 + i,
      from: i % 2 ? 'operator' : 'customer',
      body: `Message ${i}: the parcel tracking says delivered but nothing arrived at the door.`,
      at: `2018-10-04 12:${String(i).padStart(2, '0')}:00`,
    })),
  },
});

/** Child role: legacy, a same-speed candidate and a 10× slower candidate on loopback. */
async function serveUpstreams(delayMs: number): Promise<void> {
  const start = (delay: number, body: string): Promise<string> =>
    new Promise((resolve) => {
      const s = createServer((req, res) => {
        req.resume();
        req.on('end', () =>
          setTimeout(() => {
            res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
            res.end(body);
          }, delay),
        );
      });
      s.keepAliveTimeout = 60_000;
      s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`));
    });
  const candidateBody = PAYLOAD.replace('"OPEN"', '"open"');
  const [legacy, fastCandidate, slowCandidate] = await Promise.all([
    start(delayMs, PAYLOAD),
    start(delayMs, candidateBody),
    start(delayMs * 10, candidateBody),
  ]);
  process.send!({ legacy, fastCandidate, slowCandidate });
}

async function startUpstreams(delayMs: number): Promise<Upstreams> {
  const child = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, SHADOW_BENCH_ROLE: 'upstream', SHADOW_BENCH_DELAY: String(delayMs) } });
  const urls = await new Promise<Omit<Upstreams, 'child'>>((resolve) => child.once('message', (m) => resolve(m as Omit<Upstreams, 'child'>)));
  return { ...urls, child };
}

/** The front: http-proxy passthrough (legacy mode), or the same with the shadow runner tee'ing legacy's answer. */
async function startFront(legacyUrl: string, runner: ShadowRunner | null): Promise<{ url: string; close(): Promise<void> }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  const proxy = httpProxy.createProxyServer({ target: legacyUrl, agent });
  const taps = new WeakMap<IncomingMessage, NonNullable<ReturnType<ShadowRunner['begin']>>>();
  proxy.on('proxyRes', (proxyRes, req) => taps.get(req)?.captureResponse(proxyRes));
  proxy.on('error', (_e, req, res) => {
    taps.get(req as IncomingMessage)?.abandon('upstream error');
    const r = res as ServerResponse;
    if (!r.headersSent) r.writeHead(502);
    r.end();
  });
  const server = createServer((req, res) => {
    if (runner !== null) {
      const tap = runner.begin('inquiry', 1, {
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        operatorId: null,
        requestId: '',
        body: req,
        startedAt: performance.now(),
      });
      if (tap !== null) taps.set(req, tap);
    }
    proxy.web(req, res);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/inquiries/1`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
        proxy.close();
        agent.destroy();
      }),
  };
}

function makeRunner(candidateUrl: string): { runner: ShadowRunner; close(): Promise<void>; stored: () => number } {
  const candidate = httpCandidate(candidateUrl, { connections: 32 });
  const sink = createMemorySink(1000);
  const runner = createShadowRunner({
    shadow: { maxBodyBytes: 1024 * 1024, concurrency: 64, perRouteConcurrency: 64, queueSize: 256, timeoutMs: 5000 },
    routes: [{ id: 'inquiry', noise: 0, timeoutMs: null, rules: { timestamps: true }, candidate }],
    compare: compareBodies,
    noise: new NoiseModel(),
    redact: createRedactor({ keys: [], paths: [], secret: 'bench' }),
    sink,
    legacy: null,
  });
  return {
    runner,
    stored: () => sink.results.length + sink.evicted,
    close: async () => {
      await runner.idle();
      await candidate.close();
    },
  };
}

let pacedScript: string | undefined;

async function wrk(url: string, seconds: number, paced: boolean): Promise<WrkFigures> {
  const args = ['-t1', `-d${seconds}s`, '--latency'];
  if (paced) {
    // Each connection waits 10 ms between requests: a steady load well under saturation.
    pacedScript ??= join(mkdtempSync(join(tmpdir(), 'shadow-bench-')), 'paced.lua');
    writeFileSync(pacedScript, 'function delay()\n  return 10\nend\n');
    args.push('-c8', '-s', pacedScript);
  } else {
    args.push('-c32');
  }
  const { stdout } = await execFileAsync('wrk', [...args, url]);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
  const p99 = /99%\s+([\d.]+)(us|ms|s)\b/.exec(stdout);
  const unit = p99?.[2] === 'us' ? 0.001 : p99?.[2] === 's' ? 1000 : 1;
  return { rps, p99Ms: Number(p99?.[1]) * unit };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Run the bench and return its figures (also printed when run directly). */
export async function run(opts: Partial<ShadowBenchOptions> = {}): Promise<BenchResult> {
  const quick = process.env.BENCH_QUICK === '1';
  const o: ShadowBenchOptions = { rounds: quick ? 2 : 4, seconds: quick ? 2 : 3, legacyDelayMs: 2, ...opts };
  const up = await startUpstreams(o.legacyDelayMs);
  const fast = makeRunner(up.fastCandidate);
  const slow = makeRunner(up.slowCandidate);
  const fronts = {
    legacy: await startFront(up.legacy, null),
    shadow: await startFront(up.legacy, fast.runner),
    shadowSlow: await startFront(up.legacy, slow.runner),
  };
  const tput = { legacy: [] as number[], shadow: [] as number[] };
  const p99 = { legacy: [] as number[], shadowSlow: [] as number[] };
  try {
    await wrk(fronts.legacy.url, 1, false); // warm-up
    for (let round = 0; round < o.rounds; round++) {
      // Alternate which arm goes first so drift (thermal, GC) does not favour one.
      const order = round % 2 === 0 ? (['legacy', 'shadow'] as const) : (['shadow', 'legacy'] as const);
      for (const arm of order) {
        tput[arm].push((await wrk(fronts[arm].url, o.seconds, false)).rps);
        await (arm === 'shadow' ? fast.runner.idle() : Promise.resolve());
      }
      const latOrder = round % 2 === 0 ? (['legacy', 'shadowSlow'] as const) : (['shadowSlow', 'legacy'] as const);
      for (const arm of latOrder) {
        p99[arm].push((await wrk(fronts[arm].url, o.seconds, true)).p99Ms);
        await (arm === 'shadowSlow' ? slow.runner.idle() : Promise.resolve());
      }
    }
  } finally {
    await Promise.all(Object.values(fronts).map((f) => f.close()));
    await fast.close();
    await slow.close();
    up.child.kill();
  }
  const legacyRps = median(tput.legacy);
  const shadowRps = median(tput.shadow);
  const legacyP99 = median(p99.legacy);
  const slowP99 = median(p99.shadowSlow);
  const ratio = shadowRps / legacyRps;
  const growth = slowP99 / legacyP99 - 1;
  return {
    name: 'shadow',
    figures: {
      legacyModeRps: Math.round(legacyRps),
      shadowModeRps: Math.round(shadowRps),
      throughputRatio: Number(ratio.toFixed(3)),
      legacyModeP99Ms: Number(legacyP99.toFixed(2)),
      shadowSlowCandidateP99Ms: Number(slowP99.toFixed(2)),
      p99Growth: Number(growth.toFixed(3)),
      comparisonsStoredFast: fast.stored(),
      comparisonsStoredSlow: slow.stored(),
    },
    targets: {
      throughputRatio: { value: ratio, target: '>= 0.70', met: ratio >= 0.7 },
      p99Growth: { value: growth, target: '<= 0.10', met: growth <= 0.1 },
    },
  };
}

if (process.env.SHADOW_BENCH_ROLE === 'upstream') {
  await serveUpstreams(Number(process.env.SHADOW_BENCH_DELAY ?? '2'));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await run();
  console.log(JSON.stringify(result, null, 2));
}
