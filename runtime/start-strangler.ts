import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { StranglerConfig } from '../config/strangler-config.js';
import type { Adapter } from '../legacy-adapters/index.js';
import { openStore, isStoreUnreachable, createBatchWriter, type Store, type BatchWriter, type Flag } from '../store/index.js';
import { seedFlags, watchFlags, flagsAdminRoutes, type FlagWatcher } from '../flags/index.js';
import {
  startProxy, createProxyMetrics, createRequireAdmin, prepareCandidateStack, createModeHandlers,
  type RunningProxy, type AdminPlugin, type CandidateStack,
} from '../proxy/index.js';
import { createShadowFromConfig, adapterCandidate, shadowModeHandler, withDeadline, type ConfiguredShadow } from '../shadow/index.js';
import { dashboardRoutes } from '../reports/index.js';

/** How long start-up waits for the shadow threads to build their candidates, by default. */
const SHADOW_THREADS_WAIT_MS = 10_000;

/** Everything `strangler serve` (one process) and `strangler demo` run, started and wired together. */
export interface RunningStrangler {
  readonly proxy: RunningProxy;
  readonly store: Store;
  readonly writer: BatchWriter;
  readonly shadow: ConfiguredShadow | null;
  readonly candidate: CandidateStack | null;
  /** Re-read flags from the store now (the watcher does it every `flags.pollIntervalMs` anyway). */
  reloadFlags(): Promise<void>;
  /** Stop in the order that loses nothing: traffic, shadow work, buffered writes, then the store. */
  close(): Promise<void>;
}

/** Options beyond the config. */
export interface StartStranglerOptions {
  logger: Logger;
  /** Adapters available besides the config's adapters folder (the demo passes the sample ones). */
  builtInAdapters?: readonly Adapter[];
  /**
   * URL of a module that exports the `builtInAdapters` (one by one or as an array, as an adapters
   * folder's files do; the demo's: the sample adapters' index). With it, a shadow thread can import them
   * and call those candidates off the event loop; without it, routes on a built-in adapter are shadowed
   * from the event loop.
   */
  builtInAdaptersModule?: string;
  /**
   * How long start-up waits for the shadow threads to build the candidates they call (default 10 s);
   * past it the proxy serves, and those candidates are called on the event loop until the threads are ready.
   */
  shadowThreadsWaitMs?: number;
  /** False in node:cluster workers: the primary serves the admin port. */
  admin?: boolean;
}

/**
 * The composition root: open the store (migrations run), seed and load the route flags, load and
 * check the adapters against the candidate's schema, build the shadow runner and the mode handlers,
 * start the proxy with the admin API and dashboard, and follow flag changes from the store.
 */
export async function startStrangler(config: StranglerConfig, options: StartStranglerOptions): Promise<RunningStrangler> {
  const { logger } = options;
  // A database that cannot be reached must not keep CS from working: serve every route from legacy
  // (the one mode that needs no flag, no store and no candidate) and connect in the background.
  let store: Store;
  let deferred = false;
  try {
    store = await openStore(config.store.url);
  } catch (err) {
    if (!isStoreUnreachable(err)) throw err;
    logger.warn({ err }, 'store unreachable at start: every route served by legacy until it answers');
    store = await openStore(config.store.url, { migrate: false });
    deferred = true;
  }
  const closers: (() => Promise<void>)[] = [() => store.close()];
  const seedFromConfig = async () => {
    const seeded = await seedFlags(store, config.routes, { actor: `config:${config.instance}`, logger });
    if (seeded.inserted.length > 0) logger.info({ routes: seeded.inserted }, 'route flags seeded from the config');
  };
  try {
    if (!deferred) await seedFromConfig();

    const metrics = createProxyMetrics();
    const writer = createBatchWriter(store, { ...config.store, logger });
    closers.unshift(() => writer.close());

    const candidate = await prepareCandidateStack(config, {
      builtIn: options.builtInAdapters ? [...options.builtInAdapters] : undefined,
      warn: (issue) => logger.warn({ issue }, 'adapter kept on legacy: its document does not validate'),
    });
    if (candidate) closers.unshift(() => candidate.close());

    // One key for shadow results and event paths, so a value hashes the same in both.
    // With the store unreachable at start, a key of this process only (results hash consistently within it).
    const secret = config.shadow.redact.secret || (deferred ? randomBytes(32).toString('base64url') : await perStoreRedactKey(store));
    let shadow: ConfiguredShadow | null = null;
    let handlers = {};
    if (candidate) {
      const shadowConfig: StranglerConfig = { ...config, shadow: { ...config.shadow, redact: { ...config.shadow.redact, secret } } };
      const builtIn = new Set(options.builtInAdapters ?? []);
      // Where a shadow thread imports the same adapters from, and the client it opens: the proxy's.
      const from = {
        sources: { dirs: config.adapters === null ? [] : [config.adapters], modules: options.builtInAdaptersModule ? [options.builtInAdaptersModule] : [] },
        graphql: { url: candidate.client.url, timeoutMs: config.candidate!.timeoutMs },
      };
      const configured = createShadowFromConfig(shadowConfig, {
        sink: writer,
        candidateFor: (route) => {
          const adapter = route.adapter === null ? undefined : candidate.adapters.get(route.adapter);
          if (!adapter || candidate.legacyOnly.has(adapter.name)) return null;
          const portable = !builtIn.has(adapter) || options.builtInAdaptersModule !== undefined;
          return adapterCandidate(adapter, candidate.client, { timeoutMs: route.timeoutMs, from: portable ? from : undefined });
        },
        registry: metrics.registry,
        logger,
        compareWorkers: config.shadow.workers,
      });
      shadow = configured;
      closers.unshift(() => configured.close());
      // The first shadowed requests then already call their candidates from the shadow threads. A thread
      // stuck importing an adapter must not keep CS from starting: past the wait, serve, and let
      // candidates be called on the event loop until the threads are ready.
      const waitMs = options.shadowThreadsWaitMs ?? SHADOW_THREADS_WAIT_MS;
      const inThreads = await withDeadline(configured.ready, waitMs, null);
      if (inThreads === null) logger.warn({ waitedMs: waitMs }, 'shadow threads not ready: candidates are called on the event loop until they are');
      else if (inThreads.length > 0) logger.info({ routes: inThreads }, 'shadow candidates are called from the shadow threads');
      handlers = createModeHandlers({
        config,
        adapters: candidate.adapters,
        client: candidate.client,
        legacyOnly: candidate.legacyOnly,
        shadow: shadowModeHandler(configured.runner),
      }).handlers;
    }

    // Filled in once the proxy exists; admin plugins call it after a change so this instance follows at once.
    let reload: () => Promise<void> = async () => {};
    const onChanged = () => void reload().catch((err) => logger.warn({ err }, 'flag reload failed'));
    const adminPlugins = controlPlanePlugins(config, store, onChanged);

    const proxy = await startProxy(config, { eventSink: writer, handlers, adminPlugins, logger, metrics, admin: options.admin, redactSecret: secret });
    closers.unshift(() => proxy.close());
    reload = async () => {
      proxy.applyFlags(await store.listFlags());
    };
    if (deferred) {
      proxy.applyFlags(legacyFlags(config));
      const connect = connectLater(async () => {
        await store.migrate();
        await seedFromConfig();
        await reload();
        logger.info({}, 'store reachable: migrated, flags loaded');
      }, logger);
      closers.splice(1, 0, async () => connect.stop());
    } else {
      await reload();
    }

    const watcher: FlagWatcher = watchFlags(store, {
      intervalMs: config.flags.pollIntervalMs,
      onChange: (flags) => proxy.applyFlags(flags),
      onError: (err) => logger.warn({ err }, 'flag poll failed; keeping the last flags'),
    });
    closers.splice(1, 0, async () => watcher.close());

    let closing: Promise<void> | null = null;
    return {
      proxy, store, writer, shadow, candidate,
      reloadFlags: () => reload(),
      close() {
        closing ??= runClosers(closers, logger);
        return closing;
      },
    };
  } catch (err) {
    await runClosers(closers, logger);
    throw err;
  }
}

/**
 * Without STRANGLER_REDACT_KEY, a random HMAC key made on first start and kept in the store, so that
 * every instance and restart hashes a value the same way (equal values still compare equal). Setting
 * the key in the environment keeps it out of the database, which is better against dictionary attacks.
 */
async function perStoreRedactKey(store: Store): Promise<string> {
  const existing = await store.getWatermark(REDACT_KEY_NAME);
  if (existing) return existing;
  // Insert only if missing: of instances starting at once, the first writer wins and all read its key.
  await store.setWatermark(REDACT_KEY_NAME, randomBytes(32).toString('base64url'), { onlyIfMissing: true });
  return (await store.getWatermark(REDACT_KEY_NAME)) as string;
}

/** Where the store keeps the redaction key it made (the watermark table). */
export const REDACT_KEY_NAME = 'redact-key';

/** Every configured route in legacy mode: what is served while the flags cannot be read. */
function legacyFlags(config: StranglerConfig): Flag[] {
  const now = Date.now();
  return config.routes.map((r) => ({ routeId: r.id, mode: 'legacy', percent: 0, sample: 0, updatedAt: now, updatedBy: 'store-unreachable' }));
}

/** Retry `attempt` with backoff (1 s doubling to 10 s) until it succeeds or `stop()` is called. */
function connectLater(attempt: () => Promise<void>, logger: Logger): { stop(): void } {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const run = (delayMs: number) => {
    timer = setTimeout(() => {
      attempt().then(
        () => undefined,
        (err) => {
          if (stopped) return;
          logger.warn({ err: (err as Error).message }, 'store still unreachable; routes stay on legacy');
          run(Math.min(10_000, delayMs * 2));
        },
      );
    }, delayMs);
    timer.unref();
  };
  run(1000);
  return {
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
    },
  };
}

/** Run each closer in order; one failing does not keep the others from running. */
async function runClosers(closers: readonly (() => Promise<void>)[], logger: Logger): Promise<void> {
  for (const close of closers) {
    try {
      await close();
    } catch (err) {
      logger.warn({ err }, 'shutdown step failed');
    }
  }
}

/** The admin API's flag endpoints and the dashboard, over one store. */
export function controlPlanePlugins(config: StranglerConfig, store: Store, onChanged?: () => void): AdminPlugin[] {
  const requireAdmin = createRequireAdmin(config.admin.tokens, { host: config.admin.host });
  return [flagsAdminRoutes({ store, gate: config.gate, requireAdmin, onChanged }), dashboardRoutes({ store, onFlagChanged: onChanged })];
}

/** What a node:cluster primary runs: no traffic, but the store, the seeded flags and the admin plugins. */
export async function startControlPlane(config: StranglerConfig, logger: Logger): Promise<{ store: Store; adminPlugins: AdminPlugin[]; close(): Promise<void> }> {
  const seed = (store: Store) => seedFlags(store, config.routes, { actor: `config:${config.instance}`, logger });
  let store: Store;
  let connect: { stop(): void } | null = null;
  try {
    store = await openStore(config.store.url);
  } catch (err) {
    // As in startStrangler: the workers serve legacy meanwhile; the primary seeds once the store answers.
    if (!isStoreUnreachable(err)) throw err;
    logger.warn({ err }, 'store unreachable at start: flags seeded once it answers');
    const later = await openStore(config.store.url, { migrate: false });
    store = later;
    connect = connectLater(async () => {
      await later.migrate();
      await seed(later);
    }, logger);
  }
  if (connect === null) {
    try {
      await seed(store);
    } catch (err) {
      await store.close();
      throw err;
    }
  }
  return {
    store,
    adminPlugins: controlPlanePlugins(config, store),
    close: () => {
      connect?.stop();
      return store.close();
    },
  };
}
