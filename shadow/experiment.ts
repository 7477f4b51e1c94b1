import { v7 as uuidv7 } from 'uuid';
import type { Readable } from 'node:stream';
import type { IncomingHttpHeaders } from 'node:http';
import { Registry } from 'prom-client';
import type { Difference } from '../model/difference.js';
import { compareHeaders, DEFAULT_COMPARED_HEADERS } from '../compare/headers.js';
import type { CompareRules } from '../compare/rules.js';
import type { ShadowKind, ShadowResult } from '../model/shadow-result.js';
import type { StranglerConfig } from '../config/strangler-config.js';
import type { EffectsReader, ShadowCandidate, ShadowRequest } from './candidate.js';
import type { HttpReplay } from './http-replay.js';
import { observe, type CandidateEffects, type Observation } from './observation.js';
import { teeStream, type TeeResult } from './tee.js';
import { decodeBody } from './decode.js';
import { compareJob, type CompareReply } from './compare-job.js';
import { describeFailure, staged, stagedError, type FailureStage, type ShadowFailure } from './failure.js';
import { storedRequestPath } from './kept-query.js';
import type { CallTicket, CompareOffload, OffloadResult, OffloadTask } from './threads/compare-pool.js';
import { CallOptions, callWithTimeout } from './call-with-timeout.js';
import { createLimiter, type Limiter } from './limiter.js';
import { withDeadline } from './with-deadline.js';
import { createSampler, isSafeMethod, type Sampler } from './sampler.js';
import { createShadowMetrics, type ShadowMetrics } from './metrics.js';
import { SHD_ERR_CANDIDATE_FAILED, SHD_ERR_PRIMARY_INCOMPLETE } from './errors.js';

/** Compares two decoded bodies (compare/ `compareBodies`). May throw: the runner contains it. */
export type CompareFn = (input: {
  contentType: string;
  legacy: Uint8Array;
  candidate: Uint8Array;
  rules: CompareRules;
}) => { equal: boolean; differences: Difference[] };

/** The noise model as the runner feeds and asks it (compare/ `NoiseModel`). */
export interface NoiseLearner {
  /** Differences of one legacy-vs-legacy pair. */
  recordNoise(routeId: string, differences: readonly Difference[]): void;
  /** Differences of one legacy-vs-candidate pair. */
  recordCandidate(routeId: string, differences: readonly Difference[]): void;
  /** True when this difference (path and how it differs) is no more frequent than legacy's own noise. */
  isNoise(routeId: string, difference: Difference): boolean;
}

/** PII redaction (compare/redact.ts) applied before anything is stored. */
export interface Redactor {
  /** The stored request path (path and kept query, `storedRequestPath`) with PII replaced. */
  path(path: string): string;
  /** Differences redacted under the route's allow-list (every other string a keyed hash and its shape). */
  differences(differences: readonly Difference[], routeId?: string): Difference[];
}

/** Where results go: store/'s batch writer (`pushResult`) or the in-memory sink. Must not block. */
export interface ResultSink {
  pushResult(result: ShadowResult): void;
}

/** One shadowed route, compiled at start-up. */
export interface ShadowRoute {
  id: string;
  /** Fraction of safe requests whose legacy call is repeated for the noise baseline. */
  noise: number;
  /** Candidate timeout for this route (null: config.shadow.timeoutMs). */
  timeoutMs: number | null;
  /** Global rules merged with the route's. */
  rules: CompareRules;
  /** The new stack for this route (an adapter or an HTTP service); null: noise baseline only. */
  candidate: ShadowCandidate | null;
  /** Query keys whose values are stored with the request path (route `keepQuery`); others are dropped. */
  keepQuery?: readonly string[];
}

/** Everything the runner works with. */
export interface ShadowRunnerOptions {
  /** config.shadow: caps, limits, timeout. */
  shadow: Pick<StranglerConfig['shadow'], 'maxBodyBytes' | 'concurrency' | 'perRouteConcurrency' | 'queueSize' | 'timeoutMs'>;
  routes: readonly ShadowRoute[];
  compare: CompareFn;
  noise: NoiseLearner;
  redact: Redactor;
  sink: ResultSink;
  /** Replay client to legacy for the noise baseline; null disables noise calls. */
  legacy: HttpReplay | null;
  /** Registry for the shadow counters (the proxy's, so they show on /metrics). */
  registry?: Registry;
  logger?: { warn(obj: object, msg: string): void };
  sampler?: Sampler;
  /** Cap on a decoded (gunzipped…) body; default 4 × maxBodyBytes. */
  maxDecodedBytes?: number;
  /** How long a job waits for the primary answer before giving up; default 130 s (legacy's default timeout + margin). */
  primaryWaitMs?: number;
  /** The one failure hook: called once for every failure caught after `begin`, with its stage and code (after the counter). */
  onFailure?: (failure: ShadowFailure) => void;
  /**
   * Decode, compare and redact elsewhere (threads/compare-pool.ts: worker threads) instead of on the event
   * loop; it must apply the same rules and redaction as `compare` and `redact`. Null: in-thread.
   */
  offload?: CompareOffload | null;
}

/** The request as the proxy hands it to `begin`. */
export interface ShadowRequestHead {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  params?: Record<string, string>;
  operatorId: string | null;
  requestId: string;
  /** The request stream (tee'd as it flows to legacy, bounded) or its bytes. */
  body: Readable | Buffer | null;
  /** performance.now() when the request arrived: the primary's latency is measured from it. */
  startedAt: number;
}

/** The proxy's handle on one shadowed request. Every method is safe to call and never throws. */
export interface ShadowTap {
  /** What the candidate runs: `read`, `dry-run`, or null when this request only feeds the noise baseline. */
  readonly kind: ShadowKind | null;
  /** True when legacy is called a second time for the noise baseline. */
  readonly noise: boolean;
  /** Tee legacy's answer as it streams to the operator. Call in the tick that pipes it (http-proxy `proxyRes`). */
  captureResponse(res: Readable & { statusCode?: number; headers: IncomingHttpHeaders }): void;
  /** Legacy gave no answer (upstream error, client abort before the answer): the job ends without a result. No-op after `captureResponse`. */
  abandon(reason: string): void;
}

/** Runs candidates beside legacy, off the request path (github/scientist's experiment, made asynchronous). */
export interface ShadowRunner {
  /**
   * Decide (sample, write safety, noise) and admit a shadow job for one request; null when there is
   * nothing to do or no room (dropped and counted). `sample` is the route's live sample fraction.
   */
  begin(routeId: string, sample: number, request: ShadowRequestHead): ShadowTap | null;
  readonly limiter: Limiter;
  readonly metrics: ShadowMetrics;
  /** Resolves once every admitted job has finished. */
  idle(): Promise<void>;
}

const NO_BYTES = Buffer.alloc(0);
const NO_KEYS: readonly string[] = Object.freeze([]);
const EMPTY_BODY: TeeResult = Object.freeze({ body: Buffer.alloc(0), bytes: 0, tooLarge: false, complete: true });

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Build a runner. Legacy is the control and is what the operator gets; each side becomes an immutable
 * Observation; the comparison yields a ShadowResult that is redacted before it reaches the sink. Every
 * failure after `begin` (candidate, decoding, comparison, noise model, redaction, sink) is caught in
 * `runJob`, counted, and never reaches the operator.
 */
export function createShadowRunner(opts: ShadowRunnerOptions): ShadowRunner {
  const cap = opts.shadow.maxBodyBytes;
  const maxDecoded = opts.maxDecodedBytes ?? 4 * cap;
  const primaryWaitMs = opts.primaryWaitMs ?? 130_000;
  const offload = opts.offload ?? null;
  const sampler = opts.sampler ?? createSampler();
  const routes = new Map(opts.routes.map((r) => [r.id, r]));
  const limiter = createLimiter({
    concurrency: opts.shadow.concurrency,
    perKeyConcurrency: opts.shadow.perRouteConcurrency,
    queueSize: opts.shadow.queueSize,
    onJobError: (err, route) => fail(route, err),
  });
  const metrics = createShadowMetrics(opts.registry ?? new Registry(), limiter);
  const rulesByRoute = new Map(opts.routes.map((r) => [r.id, r.rules]));
  const compareHere = compareJob({
    compare: opts.compare,
    redactDifferences: (ds, routeId) => opts.redact.differences(ds, routeId),
    redactPath: (path) => opts.redact.path(path),
    rulesFor: (routeId) => rulesByRoute.get(routeId) ?? {},
    maxDecodedBytes: maxDecoded,
  });

  function begin(routeId: string, sample: number, request: ShadowRequestHead): ShadowTap | null {
    try {
      const route = routes.get(routeId);
      if (route === undefined) return null;
      const safe = isSafeMethod(request.method);
      let kind: ShadowKind | null = null;
      if (route.candidate !== null && sampler.sample(sample)) {
        if (safe) kind = 'read';
        else if (route.candidate.dryRun) kind = 'dry-run';
        else metrics.skipped.inc({ route: routeId, reason: 'write_without_dry_run' });
      }
      const noise = opts.legacy !== null && sampler.noise(route.noise, request.method);
      if (kind === null && !noise) return null;

      const primary = deferred<TeeResult & { status: number; headers: IncomingHttpHeaders; endedAt: number } | string>();
      const job: Job = {
        route,
        kind,
        noise,
        // Not `request` itself: its body is the client's IncomingMessage, through which the proxy's whole
        // request and response graph stays reachable. A job can outlive its request by a queue's length;
        // holding that graph meanwhile made every young-generation GC copy it, in-flight job by job.
        request: {
          method: request.method,
          url: request.url,
          headers: request.headers,
          params: request.params,
          operatorId: request.operatorId,
          requestId: request.requestId,
          startedAt: request.startedAt,
        },
        ts: Date.now(),
        primary: primary.promise,
        requestBody: captureRequestBody(request.body, request.headers),
      };
      if (!limiter.submit(routeId, () => runJob(job))) {
        metrics.dropped.inc({ route: routeId, reason: 'queue_full' });
        return null;
      }
      let captured = false;
      return {
        kind,
        noise,
        captureResponse(res) {
          captured = true;
          try {
            const status = res.statusCode ?? 0;
            const headers = res.headers;
            teeStream(res, cap).then(
              // Fields named, not `...tee`: that spread took a slow path in the serving process, 3–4 µs
              // of event loop a shadowed request (V8 profile of bench/shadow.ts), where this costs nothing.
              (tee) =>
                primary.resolve({ body: tee.body, bytes: tee.bytes, tooLarge: tee.tooLarge, complete: tee.complete, status, headers, endedAt: performance.now() }),
              () => primary.resolve('tee failed'),
            );
          } catch {
            primary.resolve('tee failed');
          }
        },
        abandon(reason) {
          // Once the answer is tee'd, the tee itself knows whether it completed.
          if (!captured) primary.resolve(reason);
        },
      };
    } catch (err) {
      fail(routeId, err);
      return null;
    }
  }

  function captureRequestBody(body: ShadowRequestHead['body'], headers: IncomingHttpHeaders): Promise<TeeResult> {
    // No Content-Length and no Transfer-Encoding: the request has no body (RFC 9112 §6.3), nothing to tee.
    if (body === null || (!Buffer.isBuffer(body) && headers['content-length'] === undefined && headers['transfer-encoding'] === undefined)) {
      return Promise.resolve(EMPTY_BODY);
    }
    if (Buffer.isBuffer(body)) {
      const tooLarge = body.length > cap;
      return Promise.resolve({ body: tooLarge ? null : body, bytes: body.length, tooLarge, complete: true });
    }
    return teeStream(body, cap);
  }

  type Job = {
    route: ShadowRoute;
    kind: ShadowKind | null;
    noise: boolean;
    request: Omit<ShadowRequestHead, 'body'>;
    ts: number;
    primary: Promise<(TeeResult & { status: number; headers: IncomingHttpHeaders; endedAt: number }) | string>;
    requestBody: Promise<TeeResult>;
  };

  /** The one place where every shadow failure is caught. */
  async function runJob(job: Job): Promise<void> {
    const routeId = job.route.id;
    let ticket: CallTicket | null = null;
    try {
      const reqBody = await job.requestBody;
      const replay: ShadowRequest = {
        method: job.request.method,
        url: job.request.url,
        headers: job.request.headers,
        body: reqBody.body ?? Buffer.alloc(0),
        params: job.request.params ?? {},
        operatorId: job.request.operatorId,
        requestId: job.request.requestId,
      };
      const timeoutMs = job.route.timeoutMs ?? opts.shadow.timeoutMs;
      // A request body past the cap cannot be replayed faithfully: the candidate is not called.
      const callable = job.kind !== null && job.route.candidate !== null && reqBody.complete && !reqBody.tooLarge;
      // In a shadow thread when one makes this call (null: here): the candidate, or legacy again for noise.
      const startInThread = (secondary: boolean): CallTicket | null => {
        try {
          return (
            offload?.startCall?.({
              routeId, method: replay.method, url: replay.url, headers: replay.headers, params: replay.params,
              operatorId: replay.operatorId, requestId: replay.requestId, body: replay.body,
              dryRun: !secondary && job.kind === 'dry-run', secondary, timeoutMs,
            }) ?? null
          );
        } catch (err) {
          throw stagedError('candidate', err);
        }
      };
      // A candidate with a recipe is called in a shadow thread when one has it built; else here.
      ticket = callable && job.route.candidate!.recipe !== undefined ? startInThread(false) : null;
      const candidateCall =
        callable && ticket === null
          ? callWithTimeout('candidate', timeoutMs, new CallOptions(job.kind === 'dry-run', cap), (callOpts) =>
              job.route.candidate!.call(replay, callOpts),
            )
          : null;
      // Never let a pending candidate promise reject unobserved while we wait for the primary.
      candidateCall?.catch(() => undefined);

      const primaryOutcome = await withDeadline(job.primary, primaryWaitMs, 'primary wait timed out', false);
      if (typeof primaryOutcome === 'string' || !primaryOutcome.complete) {
        metrics.dropped.inc({ route: routeId, reason: 'primary_incomplete' });
        opts.logger?.warn(
          { code: SHD_ERR_PRIMARY_INCOMPLETE.code, route: routeId, reason: typeof primaryOutcome === 'string' ? primaryOutcome : 'stream closed early' },
          'shadow job without a primary answer',
        );
        await candidateCall;
        return;
      }
      const primary = observe({
        side: 'primary',
        status: primaryOutcome.status,
        headers: primaryOutcome.headers,
        body: primaryOutcome.body,
        tooLarge: primaryOutcome.tooLarge,
        durationMs: primaryOutcome.endedAt - job.request.startedAt,
      });

      const facts: JobFacts = {
        routeId,
        ts: job.ts,
        method: job.request.method,
        path: storedRequestPath(job.request.url, job.route.keepQuery ?? NO_KEYS),
        primaryStatus: primary.status ?? 0,
        primaryMs: primary.durationMs,
        // Only a dry run whose adapter declares side effects keeps the request (to read the entity on legacy).
        effects:
          job.kind === 'dry-run' && job.route.candidate?.effects !== undefined
            ? { reader: job.route.candidate.effects, request: replay, rules: job.route.rules, timeoutMs }
            : null,
      };
      // Legacy's answer handed to the thread that made the call, compared there and recorded from its
      // reply; the ticket is spent from then on.
      const handToThread = (kind: ShadowKind, side: 'candidate' | 'secondary'): Promise<void> => {
        const call = ticket!;
        ticket = null;
        return recordFromThread(facts, kind, side, offload!.run(threadTask(routeId, primary, facts.path), call));
      };
      const noiseCall = job.noise && opts.legacy !== null;
      if (job.kind !== null) {
        if (ticket !== null) {
          const recorded = handToThread(job.kind, 'candidate');
          // Returned, not awaited: this function's frame (the request, legacy's answer, its headers)
          // is then let go, and the wait for the thread's reply holds only `facts`. Held through that
          // wait, every job's frame outlived young-generation GCs (BENCHMARKS.md, "What a waiting job
          // kept alive").
          if (!noiseCall) return recorded;
          await recorded;
        } else {
          const candidate =
            candidateCall === null
              ? observe({ side: 'candidate', tooLarge: true, durationMs: 0 })
              : await candidateCall;
          await record(facts, job.kind, candidate, await comparePair(job, primary, candidate));
        }
      }
      if (noiseCall) {
        // Only after the primary has finished: a PHP session lock would otherwise make the operator wait for us.
        ticket = startInThread(true);
        if (ticket !== null) return handToThread('noise', 'secondary');
        const legacy = opts.legacy!;
        const secondary = await callWithTimeout('secondary', timeoutMs, new CallOptions(false, cap), (callOpts) => legacy.call(replay, callOpts));
        await record(facts, 'noise', secondary, await comparePair(job, primary, secondary));
      }
    } catch (err) {
      fail(routeId, err);
    } finally {
      // A call started in a thread whose answer will never be asked for: let the thread drop it.
      if (ticket !== null) offload?.forget?.(ticket);
    }
  }

  /** The one failure hook: every failure after `begin` is counted by stage, logged with its code, and handed to `onFailure`. */
  function fail(routeId: string, err: unknown): void {
    const failure = describeFailure(routeId, err);
    metrics.failures.inc({ route: routeId, stage: failure.stage });
    opts.logger?.warn({ err, route: routeId, stage: failure.stage, code: failure.code }, 'shadow job failed');
    try {
      opts.onFailure?.(failure);
    } catch {
      // a throwing hook must not become the operator's problem either
    }
  }

  /** What recording a result needs once the primary answer is in: no body, no headers. */
  type JobFacts = {
    routeId: string;
    ts: number;
    method: string;
    path: string;
    primaryStatus: number;
    primaryMs: number;
    effects: { reader: EffectsReader; request: ShadowRequest; rules: CompareRules; timeoutMs: number } | null;
  };

  /** A thread's comparison of legacy's answer with the call it made (the candidate, or legacy again), recorded; never rejects. */
  async function recordFromThread(facts: JobFacts, kind: ShadowKind, side: 'candidate' | 'secondary', replied: Promise<OffloadResult>): Promise<void> {
    try {
      const done = await replied.catch(rethrowStaged);
      const outcome = done.candidate ?? { status: null, error: SHD_ERR_CANDIDATE_FAILED.code, durationMs: 0, effects: null };
      const other = observe({ side, status: outcome.status, error: outcome.error, durationMs: outcome.durationMs, effects: outcome.effects });
      await record(facts, kind, other, fromThread(done, facts.primaryStatus === outcome.status));
    } catch (err) {
      fail(facts.routeId, err);
    }
  }

  /** Legacy's answer as a thread compares it with the call that thread made. */
  const threadTask = (routeId: string, primary: Observation, path: string): OffloadTask => ({
    routeId,
    contentType: primary.headers['content-type'] ?? '',
    legacy: primary.body ?? NO_BYTES,
    legacyEncoding: primary.headers['content-encoding'],
    other: NO_BYTES,
    otherEncoding: undefined,
    path,
    legacyTooLarge: primary.tooLarge || primary.body === null,
  });

  async function record(facts: JobFacts, kind: ShadowKind, other: Observation, pair: Compared): Promise<void> {
    const routeId = facts.routeId;
    const compared = kind === 'dry-run' && facts.effects !== null && other.effects !== null ? await withEffects(facts.effects, other.effects, pair) : pair;
    const result = await staged('redact', () => {
      const differences = compared.differences;
      const noiseFlags = compared.raw.map(() => kind === 'noise');
      // The noise model learns from raw paths: redaction may hash keys inside a path.
      if (kind === 'noise') opts.noise.recordNoise(routeId, compared.raw);
      else if (compared.compared) {
        opts.noise.recordCandidate(routeId, compared.raw);
        compared.raw.forEach((d, i) => (noiseFlags[i] = opts.noise.isNoise(routeId, d)));
      }
      const shadowResult: ShadowResult = {
        id: uuidv7(),
        ts: facts.ts,
        routeId,
        method: facts.method,
        path: compared.path ?? opts.redact.path(facts.path),
        kind,
        statusPrimary: facts.primaryStatus,
        statusCandidate: other.status,
        equal: compared.equal,
        differences,
        noise: [...new Set(differences.filter((_, i) => noiseFlags[i]).map((d) => d.path))],
        latencyPrimaryMs: Math.round(facts.primaryMs),
        latencyCandidateMs: other.error === null ? Math.round(other.durationMs) : null,
        candidateError: other.error,
        tooLarge: compared.tooLarge,
      };
      // Immutable from here on, as an observation is: the sink, the metrics and any hook see one value.
      return Object.freeze(shadowResult);
    });
    await staged('store', () => opts.sink.pushResult(result));
    const outcome = result.candidateError !== null ? 'candidate_error' : result.tooLarge ? 'too_large' : result.equal ? 'equal' : 'different';
    metrics.results.inc({ route: routeId, kind, outcome });
    // Noise runs call legacy twice, not the candidate; a body too large was never timed (0 ms).
    if (kind !== 'noise' && !other.tooLarge) metrics.candidateDuration.observe({ route: routeId, mode: 'shadow' }, other.durationMs / 1000);
  }

  /**
   * A dry run's side effects compared with legacy's: after legacy's real write, read the entity on legacy
   * (a GET with the operator's headers), and compare its state with the one the dry run says it would
   * leave, under `$.effects`, with the route's rules. A side that cannot say is a difference, never a match.
   */
  async function withEffects(effects: NonNullable<JobFacts['effects']>, claimed: CandidateEffects, pair: Compared): Promise<Compared> {
    const legacyState = await readLegacyEffects(effects);
    const raw = await staged('compare', () => {
      if ('error' in claimed || typeof legacyState === 'string') {
        const candidate = 'error' in claimed ? `not known: ${claimed.error}` : claimed.state;
        return [{ path: '$.effects', kind: 'changed', legacy: legacyState, candidate } as Difference];
      }
      const doc = (state: unknown): Buffer => Buffer.from(JSON.stringify({ effects: state }));
      return opts.compare({ contentType: 'application/json', legacy: doc(legacyState), candidate: doc(claimed.state), rules: effects.rules }).differences;
    });
    if (raw.length === 0) return pair;
    const differences = await staged('redact', () => opts.redact.differences(raw));
    return { ...pair, equal: false, differences: [...pair.differences, ...differences], raw: [...pair.raw, ...raw] };
  }

  /** The entity's state on legacy now, or why it could not be read (a sentence, stored as legacy's side). */
  async function readLegacyEffects(effects: NonNullable<JobFacts['effects']>): Promise<Record<string, unknown> | string> {
    const legacy = opts.legacy;
    if (legacy === null) return 'not read: no legacy client for shadow reads';
    let path: string | null;
    try {
      path = effects.reader.legacyPath(effects.request);
    } catch (err) {
      return `not read: effects.legacy.path failed (${(err as Error)?.message ?? String(err)})`;
    }
    if (path === null) return 'not read: no legacy read route for this request';
    const headers = { ...effects.request.headers };
    for (const name of ['content-length', 'content-type', 'transfer-encoding', 'expect']) delete headers[name];
    const request: ShadowRequest = { ...effects.request, method: 'GET', url: path, headers, body: NO_BYTES };
    const read = await callWithTimeout('secondary', effects.timeoutMs, new CallOptions(false, cap), (callOpts) => legacy.call(request, callOpts));
    if (read.error !== null) return `not read: ${read.error}`;
    if (read.status !== 200 || read.body === null) return `not read: legacy answered ${read.status}${read.tooLarge ? ', too large' : ''}`;
    try {
      const decoded = await decodeBody(read.body, read.headers['content-encoding'], maxDecoded);
      if (decoded.tooLarge) return 'not read: too large';
      const state = effects.reader.legacyState(JSON.parse(decoded.body.toString('utf8')));
      return state ?? `not read: legacy's answer shows no ${effects.reader.entity}`;
    } catch (err) {
      return `not read: ${(err as Error)?.message ?? String(err)}`;
    }
  }

  /** A compared pair: redacted differences, the raw paths (for the noise model), and the redacted path when already done. */
  type Compared = {
    equal: boolean;
    differences: Difference[];
    raw: readonly Difference[];
    tooLarge: boolean;
    compared: boolean;
    path: string | null;
  };
  const notCompared = (tooLarge: boolean): Compared => ({ equal: false, differences: [], raw: [], tooLarge, compared: false, path: null });

  /** A job's reply (from a thread or from here) as the runner records it: equal only when the statuses match too. */
  const fromThread = (done: OffloadResult, sameStatus: boolean): Compared => ({
    equal: done.equal && sameStatus,
    differences: done.differences,
    raw: done.raw,
    tooLarge: done.tooLarge,
    // A plain comparison compared unless a decoded body was too large; a call's reply says it itself.
    compared: done.compared ?? !done.tooLarge,
    path: done.path,
  });

  /** The bodies compared, and the headers the route's rules name (compare/headers.ts) on every path. */
  async function comparePair(job: Job, primary: Observation, other: Observation): Promise<Compared> {
    // before the await: a waiting job keeps no reference to legacy's headers (BENCHMARKS.md)
    const h = other.error === null ? compareHeaders(primary.headers, other.headers, job.route.rules.headers ?? DEFAULT_COMPARED_HEADERS) : [];
    const c = await comparePairBodies(job, primary, other);
    if (!c.compared || h.length === 0) return c;
    const redacted = await staged('redact', () => opts.redact.differences(h, job.route.id));
    return { ...c, equal: false, differences: [...redacted, ...c.differences], raw: [...h, ...c.raw] };
  }

  async function comparePairBodies(job: Job, primary: Observation, other: Observation): Promise<Compared> {
    if (other.error !== null) return notCompared(false);
    if (primary.tooLarge || other.tooLarge || primary.body === null || other.body === null) return notCompared(true);
    const sameStatus = primary.status === other.status;
    const legacyEncoding = primary.headers['content-encoding'];
    const otherEncoding = other.headers['content-encoding'];
    // Byte-equal bodies need no parse (a good candidate, legacy vs itself); HEAD, 204 and 304 answers
    // (empty on both sides) land here too: only the status decides.
    if (legacyEncoding === otherEncoding && primary.body.equals(other.body)) {
      return { equal: sameStatus, differences: [], raw: [], tooLarge: false, compared: true, path: null };
    }
    const contentType = primary.headers['content-type'] ?? other.headers['content-type'] ?? 'application/octet-stream';
    const task = {
      routeId: job.route.id,
      contentType,
      legacy: primary.body,
      legacyEncoding,
      other: other.body,
      otherEncoding,
      path: storedRequestPath(job.request.url, job.route.keepQuery ?? NO_KEYS),
    };
    // The same job as in the shadow threads, here on the event loop when there are none.
    const done = offload !== null ? await offload.run(task).catch(rethrowStaged) : replyOf(compareHere({ id: 0, ...task }));
    return fromThread(done, sameStatus);
  }

  return {
    begin,
    limiter,
    metrics,
    idle: () => limiter.idle(),
  };
}

/** A thread's rejection, tagged with its stage (the pool tags its own; an untagged one is a comparison's). */
function rethrowStaged(err: unknown): never {
  throw stagedError((err as { stage?: FailureStage }).stage ?? 'compare', err);
}

/** A job's reply as the runner records it; a failed step is thrown, tagged with its stage. */
function replyOf(reply: CompareReply): OffloadResult {
  if (!reply.ok) throw stagedError(reply.stage, Object.assign(new Error(reply.message), { code: reply.code }));
  return reply;
}
