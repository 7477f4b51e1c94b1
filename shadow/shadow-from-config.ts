import type { Registry } from 'prom-client';
import { compareBodies, DEFAULT_REDACT_ALLOW, mergeRules, NoiseModel, redactDifferences, type RedactOptions } from '../compare/index.js';
import type { RouteConfig, StranglerConfig } from '../config/strangler-config.js';
import type { ShadowCandidate } from './candidate.js';
import { createHttpReplay, type HttpReplay } from './http-replay.js';
import { createComparePool } from './threads/compare-pool.js';
import { redactStoredPath } from './kept-query.js';
import { createShadowRunner, type Redactor, type ResultSink, type ShadowRunner, type ShadowRunnerOptions } from './experiment.js';

/** The runner with the compare/ engine, the noise model and redaction, built from the frozen config. */
export interface ConfiguredShadow {
  runner: ShadowRunner;
  /** Learned noise per route and path (for reports and rule suggestions). */
  noise: NoiseModel;
  /**
   * Resolves once the shadow threads have built the candidates they call: the ids of those routes. Until
   * then, and for a route whose candidate a thread could not build, candidates are called on the event loop.
   */
  ready: Promise<string[]>;
  /** Waits for running jobs, then closes the legacy replay pool. */
  close(): Promise<void>;
}

/** config.shadow.redact as the shadow side reads it (`allow` absent: compare/'s default allow-list). */
type RedactConfig = Omit<StranglerConfig['shadow']['redact'], 'allow'> & { allow?: string[] };

/**
 * compare/'s redaction as the runner applies it: paths, and differences under each route's allow-list
 * (`shadow.redact.allow` plus `routes[].redact.allow`).
 */
export function createRedactor(redact: RedactConfig, routes: readonly (Pick<RouteConfig, 'id' | 'redact'> & { path?: string })[] = []): Redactor {
  // One options object per route for the runner's life: compare/ caches its compiled matchers per object.
  const opts: RedactOptions = { ...redactOptions(redact), routes: routes.flatMap((r) => ('path' in r && typeof r.path === 'string' ? [r.path] : [])) };
  const perRoute = new Map(routes.map((r) => [r.id, routeRedactOptions(redact, r)]));
  return {
    path: (path) => redactStoredPath(path, opts),
    differences: (differences, routeId) => redactDifferences(differences, (routeId === undefined ? undefined : perRoute.get(routeId)) ?? opts),
  };
}

/** compare/'s redaction options from config.shadow.redact (empty keys: compare/'s defaults). */
function redactOptions(redact: RedactConfig): RedactOptions {
  return { secret: redact.secret, keys: redact.keys.length > 0 ? redact.keys : undefined, paths: redact.paths, allow: redact.allow };
}

/** One route's options: the global allow-list with the route's own patterns added. */
function routeRedactOptions(redact: RedactConfig, route: Pick<RouteConfig, 'redact'>): RedactOptions {
  const base = redactOptions(redact);
  const own = route.redact?.allow ?? [];
  return own.length === 0 ? base : { ...base, allow: [...(base.allow ?? DEFAULT_REDACT_ALLOW), ...own] };
}

/** True when this module runs from TypeScript sources (tests), where a thread cannot load its entry without a loader. */
const FROM_SOURCES = import.meta.url.endsWith('.ts');

/** One shadow thread from compiled JavaScript (the proxy's event loop then only tees, and calls candidates without a recipe); none from sources. */
export function defaultCompareWorkers(): number {
  return FROM_SOURCES ? 0 : 1;
}

/**
 * Compile every route of the config for shadowing (live flags may switch any route to `shadow`):
 * rules merged global-over-route, timeouts, the noise fraction, and the candidate `candidateFor` builds
 * (the route's adapter; null leaves the route to the noise baseline only).
 */
export function createShadowFromConfig(
  config: StranglerConfig,
  deps: {
    sink: ResultSink;
    candidateFor(route: RouteConfig): ShadowCandidate | null;
    registry?: Registry;
    logger?: ShadowRunnerOptions['logger'];
    noise?: NoiseModel;
    /** Replay client to legacy for noise calls; default a keep-alive pool to config.legacy.url. */
    legacy?: HttpReplay | null;
    /**
     * Worker threads that decode, compare and redact off the event loop (0: on it). Default
     * `defaultCompareWorkers()`. `execArgv` is for running from TypeScript sources (a loader).
     */
    compareWorkers?: number | { size: number; execArgv?: string[] };
  },
): ConfiguredShadow {
  const noise = deps.noise ?? new NoiseModel(config.compare.noise);
  const legacy = deps.legacy !== undefined ? deps.legacy : createHttpReplay(config.legacy.url, { side: 'secondary', tag: 'noise' });
  const routes = config.routes.map((route) => ({
    id: route.id,
    noise: route.noise,
    timeoutMs: route.timeoutMs,
    keepQuery: route.keepQuery,
    rules: mergeRules(config.compare.rules, route.compare),
    redact: routeRedactOptions(config.shadow.redact, route),
    candidate: deps.candidateFor(route),
  }));
  const workers = deps.compareWorkers ?? defaultCompareWorkers();
  // A plain thread count (config.shadow.workers) from sources runs on the event loop instead: same results.
  const size = typeof workers === 'number' ? (FROM_SOURCES ? 0 : workers) : workers.size;
  const pool =
    size > 0
      ? createComparePool({
          size,
          execArgv: typeof workers === 'number' ? undefined : workers.execArgv,
          routes: routes.map((r) => ({ id: r.id, rules: r.rules, redact: r.redact })),
          // Candidates that can be rebuilt from a recipe are called from the threads, off the event loop.
          candidates: routes.flatMap((r) => (r.candidate?.recipe === undefined ? [] : [{ id: r.id, recipe: r.candidate.recipe }])),
          // Noise calls go to legacy from the threads too, unless the caller brought its own replay client.
          legacyUrl: deps.legacy === undefined ? config.legacy.url : null,
          maxBodyBytes: config.shadow.maxBodyBytes,
          redact: { ...redactOptions(config.shadow.redact), routes: config.routes.map((r) => r.path) },
          maxDecodedBytes: 4 * config.shadow.maxBodyBytes,
          logger: deps.logger,
        })
      : null;
  const runner = createShadowRunner({
    shadow: config.shadow,
    routes,
    compare: compareBodies,
    offload: pool,
    noise,
    redact: createRedactor(config.shadow.redact, config.routes),
    sink: deps.sink,
    legacy,
    registry: deps.registry,
    logger: deps.logger,
  });
  return {
    runner,
    noise,
    ready: pool?.ready ?? Promise.resolve([]),
    async close() {
      await runner.idle();
      await legacy?.close();
      await pool?.close();
    },
  };
}
