import type { StranglerConfig } from '../config/strangler-config.js';
import {
  createCircuitBreaker, indexAdapters, requireAdapter,
  type Adapter, type CircuitBreaker, type CircuitBreakerOptions, type GraphqlClient,
} from '../legacy-adapters/index.js';
import type { ModeHandler, ModeHandlers } from './mode-handlers.js';
import { createServeNew, newModeHandler, type NewRouteBinding } from './new-mode.js';
import { canaryModeHandler } from './canary-mode.js';

/** Breaker settings used when none are given: 5 failures in 10 s open it; a probe after 5 s. */
export const DEFAULT_BREAKER: Readonly<Omit<CircuitBreakerOptions, 'now'>> = Object.freeze({ failureThreshold: 5, windowMs: 10_000, openMs: 5_000 });

/** What {@link createModeHandlers} needs. */
export interface ModeHandlersOptions {
  config: StranglerConfig;
  /** Every adapter routes may name (the adapters folder and any built-in ones). */
  adapters: readonly Adapter[] | ReadonlyMap<string, Adapter>;
  /** The candidate's GraphQL client (createGraphqlClient with config.candidate). */
  client: GraphqlClient;
  /** shadow/'s mode handler: registered for `shadow`, and serves canary's legacy side so it is shadowed too. */
  shadow?: ModeHandler;
  /** Adapter names that failed the schema check under `onInvalidAdapter: legacy-only`: their routes stay on legacy. */
  legacyOnly?: ReadonlySet<string>;
  /** Circuit breaker settings for every route (default DEFAULT_BREAKER). */
  breaker?: Partial<CircuitBreakerOptions>;
}

/** The handlers for startProxy's deps.handlers, and each route's breaker (for inspection). */
export interface ConfiguredModes {
  handlers: ModeHandlers;
  breakers: ReadonlyMap<string, CircuitBreaker>;
}

/**
 * Build the `new` and `canary` handlers (and `shadow` when given) from the config: one adapter binding
 * and one circuit breaker per route that names an adapter. Throws ADP_ERR_UNKNOWN_ADAPTER when a route
 * names an adapter that does not exist.
 */
export function createModeHandlers(options: ModeHandlersOptions): ConfiguredModes {
  const { config, client } = options;
  const index = options.adapters instanceof Map ? options.adapters : indexAdapters(options.adapters as readonly Adapter[]);
  const breakerOptions: CircuitBreakerOptions = { ...DEFAULT_BREAKER, ...options.breaker };
  const bindings = new Map<string, NewRouteBinding>();
  const breakers = new Map<string, CircuitBreaker>();
  const legacyOnlyRoutes = new Set<string>();
  for (const route of config.routes) {
    if (route.adapter === null) continue;
    const adapter = requireAdapter(index, route.adapter, route.id);
    if (options.legacyOnly?.has(adapter.name)) {
      legacyOnlyRoutes.add(route.id);
      continue;
    }
    const breaker = createCircuitBreaker(breakerOptions);
    breakers.set(route.id, breaker);
    bindings.set(route.id, Object.freeze({ adapter, breaker, timeoutMs: route.timeoutMs }));
  }
  const serveNew = createServeNew({ bindings, client, maxBodyBytes: config.server.maxBodyBytes, legacyOnly: legacyOnlyRoutes });
  const handlers: ModeHandlers = {
    new: newModeHandler(serveNew),
    canary: canaryModeHandler(serveNew, options.shadow),
  };
  if (options.shadow) handlers.shadow = options.shadow;
  return { handlers, breakers };
}
