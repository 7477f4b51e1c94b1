import { describe, it, expect, afterEach } from 'vitest';
import { gzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Registry } from 'prom-client';
import { compareBodies } from '../../compare/compare-bodies.js';
import { NoiseModel } from '../../compare/noise.js';
import {
  createShadowRunner,
  createMemorySink,
  createHttpReplay,
  httpCandidate,
  createComparePool,
  observe,
  type ShadowRunnerOptions,
  type ShadowRoute,
  type Redactor,
  type ShadowCandidate,
  type ShadowFailure,
} from '../../shadow/index.js';
import { startServer, startShadowFront, send, type TestServer } from './harness.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

const identity: Redactor = { path: (p) => p, differences: (d) => [...d] };

async function counterValue(registry: Registry, name: string, labels: Record<string, string>): Promise<number> {
  const metric = await registry.getSingleMetric(name)!.get();
  const hit = metric.values.find((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val));
  return hit?.value ?? 0;
}

async function setup(opts: {
  legacy: TestServer;
  candidate?: TestServer;
  route?: Partial<ShadowRoute>;
  shadow?: Partial<ShadowRunnerOptions['shadow']>;
  runner?: Partial<ShadowRunnerOptions>;
  sample?: number;
}) {
  const registry = new Registry();
  const sink = createMemorySink();
  const candidate = opts.candidate ? httpCandidate(opts.candidate.url) : null;
  const legacyReplay = createHttpReplay(opts.legacy.url, { side: 'secondary', tag: 'noise' });
  const noise = new NoiseModel({ relativeThreshold: 2, absoluteThreshold: 0.05 });
  const runner = createShadowRunner({
    shadow: { maxBodyBytes: 1024 * 1024, concurrency: 16, perRouteConcurrency: 8, queueSize: 256, timeoutMs: 5000, ...opts.shadow },
    routes: [{ id: 'r', noise: 0, timeoutMs: null, rules: {}, candidate, ...opts.route }],
    compare: compareBodies,
    noise,
    redact: identity,
    sink,
    legacy: legacyReplay,
    registry,
    ...opts.runner,
  });
  const front = await startShadowFront(opts.legacy.url, runner, 'r', opts.sample ?? 1);
  closers.push(async () => {
    await runner.idle();
    await front.close();
    await candidate?.close();
    await legacyReplay.close();
  });
  return { runner, sink, registry, front, noise };
}

function json(res: import('node:http').ServerResponse, value: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

describe('shadow runner', () => {
  it('answers the operator before a 10x slower candidate has even answered', async () => {
    const events: string[] = [];
    const legacy = await startServer((_q, res) => setTimeout(() => json(res, { id: 1, name: 'a' }), 20));
    const candidate = await startServer((_q, res) =>
      setTimeout(() => {
        events.push('candidate answered');
        json(res, { id: 1, name: 'b' });
      }, 200),
    );
    closers.push(legacy.close, candidate.close);
    const { runner, sink, front } = await setup({ legacy, candidate });
    const answer = await send(front.url, { path: '/api/items/1' });
    events.push('operator answered');
    expect(JSON.parse(answer.body.toString())).toEqual({ id: 1, name: 'a' });
    await runner.idle();
    expect(events).toEqual(['operator answered', 'candidate answered']);
    expect(candidate.requests).toHaveLength(1);
    expect(sink.results).toHaveLength(1);
    const r = sink.results[0]!;
    expect(r).toMatchObject({ kind: 'read', equal: false, statusPrimary: 200, statusCandidate: 200, path: '/api/items/1', tooLarge: false });
    expect(r.differences).toEqual([{ path: '$.name', kind: 'changed', legacy: 'a', candidate: 'b' }]);
    expect(r.latencyCandidateMs!).toBeGreaterThan(r.latencyPrimaryMs);
  });

  it('drops and counts shadow jobs past the queue, while every operator is served', async () => {
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    const legacy = await startServer((_q, res) => json(res, { ok: true }));
    const candidate = await startServer((_q, res) => blocked.then(() => json(res, { ok: true })));
    closers.push(legacy.close, candidate.close);
    const { runner, sink, registry, front } = await setup({
      legacy,
      candidate,
      shadow: { concurrency: 1, perRouteConcurrency: 1, queueSize: 1 },
    });
    const answers = await Promise.all(Array.from({ length: 5 }, () => send(front.url, { path: '/x' })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await counterValue(registry, 'strangler_shadow_dropped_total', { route: 'r', reason: 'queue_full' })).toBe(3);
    expect(runner.limiter.running + runner.limiter.queued).toBe(2);
    release();
    await runner.idle();
    expect(sink.results).toHaveLength(2);
    expect(sink.results.every((r) => r.equal)).toBe(true);
  });

  it('never sends a POST to a candidate without a dry-run form', async () => {
    const legacy = await startServer((_q, res) => json(res, { saved: true }));
    const candidate = await startServer((_q, res) => json(res, { saved: true }));
    closers.push(legacy.close, candidate.close);
    const { runner, sink, registry, front } = await setup({ legacy, candidate });
    const answer = await send(front.url, { method: 'POST', path: '/api/inquiries/1/reply', body: '{"body":"hi"}', headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(200);
    await runner.idle();
    expect(legacy.requests.map((r) => r.method)).toEqual(['POST']);
    expect(candidate.requests).toHaveLength(0);
    expect(sink.results).toHaveLength(0);
    expect(await counterValue(registry, 'strangler_shadow_skipped_total', { route: 'r', reason: 'write_without_dry_run' })).toBe(1);
  });

  it('records a candidate timeout as SHD_ERR_TIMEOUT without delaying the operator', async () => {
    const legacy = await startServer((_q, res) => json(res, { ok: true }));
    const candidate = await startServer(() => undefined); // never answers
    closers.push(legacy.close, candidate.close);
    const { runner, sink, front } = await setup({ legacy, candidate, route: { timeoutMs: 100 } });
    const answer = await send(front.url);
    expect(answer.status).toBe(200);
    expect(sink.results).toHaveLength(0); // the operator had the answer before the shadow ended
    await runner.idle();
    expect(sink.results[0]).toMatchObject({ equal: false, candidateError: 'SHD_ERR_TIMEOUT', statusCandidate: null, latencyCandidateMs: null });
  });

  it('ends a call on its deadline whether or not the candidate reads its signal, and a signal read late is already aborted', async () => {
    const legacy = await startServer((_q, res) => json(res, { ok: true }));
    closers.push(legacy.close);
    const seen: { aborted: boolean; code: unknown; when: string }[] = [];
    const answer = observe({ side: 'candidate', status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"ok":true}'), durationMs: 1 });
    const candidates: ShadowCandidate[] = [
      // never reads the signal, never answers: the race ends the job
      { dryRun: false, call: () => new Promise<never>(() => undefined) },
      // reads the signal only after the deadline
      {
        dryRun: false,
        call: (_req, opts) =>
          new Promise((resolve) =>
            setTimeout(() => {
              seen.push({ aborted: opts.signal.aborted, code: (opts.signal.reason as { code?: unknown })?.code, when: 'late' });
              resolve(answer);
            }, 150),
          ),
      },
      // listens at once: the abort reaches it at the deadline
      {
        dryRun: false,
        call: (_req, opts) =>
          new Promise((resolve) => {
            opts.signal.addEventListener('abort', () => {
              seen.push({ aborted: true, code: (opts.signal.reason as { code?: unknown })?.code, when: 'listening' });
              resolve(answer);
            });
          }),
      },
    ];
    for (const candidate of candidates) {
      const { runner, sink, front } = await setup({ legacy, route: { candidate, timeoutMs: 50 } });
      expect((await send(front.url)).status).toBe(200);
      await runner.idle();
      expect(sink.results[0]).toMatchObject({ candidateError: 'SHD_ERR_TIMEOUT', latencyCandidateMs: null });
    }
    await new Promise((r) => setTimeout(r, 200));
    // the late reader answers after the jobs have ended: the order of the two is not fixed
    expect([...seen].sort((x, y) => x.when.localeCompare(y.when))).toEqual([
      { aborted: true, code: 'SHD_ERR_TIMEOUT', when: 'late' },
      { aborted: true, code: 'SHD_ERR_TIMEOUT', when: 'listening' },
    ]);
  });

  it('marks bodies past the cap as too large and still streams them whole to the operator', async () => {
    const big = { rows: Array.from({ length: 5000 }, (_, i) => ({ id: i, note: 'x'.repeat(20) })) };
    const legacy = await startServer((_q, res) => json(res, big));
    const candidate = await startServer((_q, res) => json(res, big));
    closers.push(legacy.close, candidate.close);
    const { runner, sink, front } = await setup({ legacy, candidate, shadow: { maxBodyBytes: 16 * 1024 } });
    const answer = await send(front.url);
    expect(answer.body.length).toBe(Buffer.byteLength(JSON.stringify(big)));
    await runner.idle();
    expect(sink.results[0]).toMatchObject({ tooLarge: true, equal: false, differences: [] });
  });

  it('decodes a gzip answer for comparison while the operator gets the gzip bytes untouched', async () => {
    const body = JSON.stringify({ id: 7, items: [1, 2, 3] });
    const gz = gzipSync(body);
    const legacy = await startServer((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gz);
    });
    const candidate = await startServer((_q, res) => json(res, { items: [1, 2, 3], id: 7.0 }));
    closers.push(legacy.close, candidate.close);
    const { runner, sink, front } = await setup({ legacy, candidate });
    const answer = await send(front.url, { headers: { 'accept-encoding': 'gzip' } });
    expect(answer.headers['content-encoding']).toBe('gzip');
    expect(answer.body.equals(gz)).toBe(true);
    await runner.idle();
    expect(sink.results[0]).toMatchObject({ equal: true, differences: [] });
  });

  it('keeps a throwing comparison or sink away from the operator and counts it', async () => {
    const legacy = await startServer((_q, res) => json(res, { ok: true }));
    const candidate = await startServer((_q, res) => json(res, { ok: 'yes' })); // differs, so compare runs
    closers.push(legacy.close, candidate.close);
    const throwingCompare = await setup({
      legacy,
      candidate,
      runner: {
        compare: () => {
          throw new Error('comparison bug');
        },
      },
    });
    const a = await send(throwingCompare.front.url);
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body.toString())).toEqual({ ok: true });
    await throwingCompare.runner.idle();
    expect(await counterValue(throwingCompare.registry, 'strangler_shadow_failures_total', { route: 'r', stage: 'compare' })).toBe(1);

    const throwingSink = await setup({
      legacy,
      candidate,
      runner: {
        sink: {
          pushResult: () => {
            throw new Error('store down');
          },
        },
      },
    });
    const b = await send(throwingSink.front.url);
    expect(b.status).toBe(200);
    await throwingSink.runner.idle();
    expect(await counterValue(throwingSink.registry, 'strangler_shadow_failures_total', { route: 'r', stage: 'store' })).toBe(1);
  });

  it('hands every caught failure to the one failure hook, once, with its coded stage', async () => {
    const gzipped = (res: import('node:http').ServerResponse): void => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end('not gzip at all');
    };
    const legacy = await startServer((_q, res) => gzipped(res));
    const candidate = await startServer((_q, res) => json(res, { ok: 'yes' }));
    closers.push(legacy.close, candidate.close);
    const failures: ShadowFailure[] = [];
    const { runner, front, registry } = await setup({ legacy, candidate, runner: { onFailure: (f) => failures.push(f) } });
    expect((await send(front.url)).status).toBe(200);
    await runner.idle();
    expect(failures.map((f) => [f.stage, f.code, f.routeId])).toEqual([['decode', 'SHD_ERR_DECODE', 'r']]);
    expect(await counterValue(registry, 'strangler_shadow_failures_total', { route: 'r', stage: 'decode' })).toBe(1);

    const sinkDown = await setup({ legacy, candidate, runner: { onFailure: (f) => failures.push(f), sink: { pushResult: () => { throw new Error('store down'); } }, compare: () => ({ equal: true, differences: [] }) } });
    // A plain JSON legacy this time: decoding passes, the store fails.
    const plain = await startServer((_q, res) => json(res, { ok: true }));
    closers.push(plain.close);
    const front2 = await startShadowFront(plain.url, sinkDown.runner, 'r', 1);
    closers.push(front2.close);
    expect((await send(front2.url)).status).toBe(200);
    await sinkDown.runner.idle();
    expect(failures.map((f) => f.stage)).toEqual(['decode', 'store']);
  });

  it('learns noise from legacy against itself and marks those paths on candidate results', async () => {
    let n = 0;
    const legacy = await startServer((_q, res) => json(res, { id: 1, title: 'same', served_at: `t${n++}` }));
    const candidate = await startServer((_q, res) => json(res, { id: 1, title: 'same', served_at: 'c' }));
    closers.push(legacy.close, candidate.close);
    const { runner, sink, front, noise } = await setup({ legacy, candidate, route: { noise: 1 } });
    for (let i = 0; i < 5; i++) {
      await send(front.url, { path: '/api/items/1', headers: { cookie: 'sid=abc' } });
      await runner.idle();
    }
    const noiseResults = sink.results.filter((r) => r.kind === 'noise');
    const reads = sink.results.filter((r) => r.kind === 'read');
    expect(noiseResults).toHaveLength(5);
    expect(reads).toHaveLength(5);
    expect(noiseResults[0]!.differences.map((d) => d.path)).toEqual(['$.served_at']);
    expect(noiseResults[0]!.noise).toEqual(['$.served_at']);
    expect(noise.isNoise('r', '$.served_at')).toBe(true);
    expect(reads.at(-1)!.noise).toEqual(['$.served_at']);
    // The second legacy call carried the operator's cookie and was marked as a shadow call.
    const secondary = legacy.requests.filter((r) => r.headers['x-strangler-shadow'] === 'noise');
    expect(secondary).toHaveLength(5);
    expect(secondary[0]!.headers.cookie).toBe('sid=abc');
  });

  it('never repeats a write to legacy for the noise baseline', async () => {
    const legacy = await startServer((_q, res) => json(res, { ok: true }));
    closers.push(legacy.close);
    const { runner, sink, front } = await setup({ legacy, route: { noise: 1, candidate: null } });
    await send(front.url, { method: 'POST', body: 'x=1' });
    await runner.idle();
    expect(legacy.requests).toHaveLength(1);
    expect(sink.results).toHaveLength(0);
  });
});

describe('shadow runner memory', () => {
  /** A runner of one route `r` with a memory sink; `concurrency` jobs run at once, 4 more may queue. */
  const oneRouteRunner = (candidate: ShadowCandidate, concurrency: number, offload?: ShadowRunnerOptions['offload']) => {
    const sink = createMemorySink();
    const runner = createShadowRunner({
      shadow: { maxBodyBytes: 1024, concurrency, perRouteConcurrency: concurrency, queueSize: 4, timeoutMs: 5000 },
      routes: [{ id: 'r', noise: 0, timeoutMs: null, rules: {}, candidate }],
      compare: compareBodies,
      noise: new NoiseModel({ relativeThreshold: 2, absoluteThreshold: 0.05 }),
      redact: identity,
      sink,
      legacy: null,
      registry: new Registry(),
      offload,
    });
    return { runner, sink };
  };

  it('holds no reference to the client request stream while a job waits: only the head it replays', async () => {
    // A job outlives its request by the queue's length; the request stream leads to the proxy's whole
    // request and response graph, which every young-generation GC would then copy, job by job.
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    let release!: () => void;
    const answered = new Promise<void>((r) => (release = r));
    const seen: string[] = [];
    const candidate = {
      dryRun: false,
      async call(req: { url: string; headers: Readonly<Record<string, unknown>> }) {
        seen.push(`${req.url} ${String(req.headers['x-operator-id'])}`);
        await answered;
        return observe({ side: 'candidate', status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{}'), tooLarge: false, durationMs: 1 });
      },
    };
    const { runner, sink } = oneRouteRunner(candidate, 1);
    const refs: WeakRef<object>[] = [];
    // In a function of its own, so that no stack slot of the test keeps the last stream alive.
    const admit = (i: number) => {
      const stream = Readable.from([]);
      refs.push(new WeakRef(stream));
      return runner.begin('r', 1, {
        method: 'GET', url: `/api/items/${i}`, headers: { 'x-operator-id': `op-${i}` }, operatorId: `op-${i}`, requestId: `id-${i}`, body: stream, startedAt: performance.now(),
      });
    };
    // the first job runs (its candidate call waits), the others wait in the queue
    const taps = [admit(0), admit(1), admit(2)];
    expect(taps.every((t) => t !== null)).toBe(true);
    expect(runner.limiter.running + runner.limiter.queued).toBe(3);
    await new Promise((r) => setImmediate(r));
    gc();
    await new Promise((r) => setImmediate(r));
    gc();
    expect(refs.map((r) => r.deref() === undefined)).toEqual([true, true, true]);
    // and the jobs still replay what the request was
    for (const tap of taps) {
      if (tap === null) continue;
      const legacyAnswer = Readable.from([Buffer.from('{}')]) as Readable & { statusCode: number; headers: Record<string, string> };
      legacyAnswer.statusCode = 200;
      legacyAnswer.headers = { 'content-type': 'application/json' };
      tap.captureResponse(legacyAnswer);
    }
    release();
    await runner.idle();
    expect(seen).toEqual(['/api/items/0 op-0', '/api/items/1 op-1', '/api/items/2 op-2']);
    expect(sink.results.map((r) => r.equal)).toEqual([true, true, true]);
  });

  it("lets go of legacy's answer and its headers once they are handed to the shadow thread, while the job waits for its reply", async () => {
    // Held until the reply, every waiting job's answer survived young-generation GCs (BENCHMARKS.md,
    // "What a waiting job kept alive"): the primary's p99 paid for it.
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    let release!: () => void;
    const answered = new Promise<void>((r) => (release = r));
    const candidateServer = await startServer((_q, res) => void answered.then(() => json(res, { ok: false })));
    closers.push(candidateServer.close);
    const candidate = httpCandidate(candidateServer.url);
    closers.push(candidate.close);
    const pool = createComparePool({
      size: 1,
      execArgv: ['--import', new URL('./ts-loader/register.mjs', import.meta.url).href],
      routes: [{ id: 'r', rules: {} }],
      redact: { secret: 'k' },
      maxDecodedBytes: 1024 * 1024,
      maxBodyBytes: 1024 * 1024,
      candidates: [{ id: 'r', recipe: candidate.recipe! }],
      batchMs: 1,
    });
    closers.push(() => pool.close());
    expect(await pool.ready).toEqual(['r']);
    const { runner, sink } = oneRouteRunner(candidate, 4, pool);
    const refs: WeakRef<object>[] = [];
    // In a function of its own, so that no stack slot of the test keeps the answer alive.
    const shadowOne = () => {
      const tap = runner.begin('r', 1, { method: 'GET', url: '/api/items/1', headers: {}, operatorId: null, requestId: 'id-1', body: null, startedAt: performance.now() });
      const body = Buffer.from('{"ok":true}');
      const headers = { 'content-type': 'application/json' };
      refs.push(new WeakRef(body), new WeakRef(headers));
      const legacyAnswer = Object.assign(Readable.from([body]), { statusCode: 200, headers });
      tap!.captureResponse(legacyAnswer);
    };
    shadowOne();
    // The candidate has been called from the thread, and legacy's answer sent there to wait for it.
    while (candidateServer.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    gc();
    await new Promise((r) => setImmediate(r));
    gc();
    expect(sink.results).toHaveLength(0);
    expect(refs.map((r) => r.deref() === undefined)).toEqual([true, true]);
    release();
    await runner.idle();
    expect(sink.results.map((r) => [r.statusPrimary, r.statusCandidate, r.equal, r.differences.map((d) => d.path)])).toEqual([[200, 200, false, ['$.ok']]]);
  });
});
