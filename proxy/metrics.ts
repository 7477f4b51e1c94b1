import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { LATENCY_BUCKETS, candidateDurationHistogram } from '../shadow/index.js';

/** The states a route's circuit breaker can be in (the `state` label of strangler_circuit_breaker_state). */
const BREAKER_STATES = ['closed', 'open', 'half-open'] as const;

/** The proxy's Prometheus metrics; other parts add their own metrics to `registry`. */
export interface ProxyMetrics {
  readonly registry: Registry;
  /** Requests answered, by route id (`-` for none), mode, status and who served them (`legacy`, `new`). */
  readonly requests: Counter<'route' | 'mode' | 'status' | 'served_by'>;
  /** Failures talking to legacy, by route and error code. */
  readonly upstreamErrors: Counter<'route' | 'code'>;
  /** Time from request to response end, seconds, by route, mode and who served. */
  readonly duration: Histogram<'route' | 'mode' | 'served_by'>;
  /** Candidate (new stack) call time, seconds, by route and mode (`new`, `canary`, `shadow`). */
  readonly candidateDuration: Histogram<'route' | 'mode'>;
  /** `new` answers that fell back to legacy, by route and reason (counted by the new/canary handlers). */
  readonly fallbacks: Counter<'route' | 'reason'>;
  /** Requests in flight. */
  readonly inFlight: Gauge;
  /** The latest flag change this instance applied (ms since the epoch, as seconds): equal on instances in step. */
  readonly flagsVersion: Gauge<'instance'>;
  /** Report when the flags were last read from the store, as `strangler_flags_last_poll_timestamp_seconds`. */
  watchFlagPolls(lastSuccessAt: () => number | null): void;
  /** Report each route's circuit breaker as `strangler_circuit_breaker_state{route,state}` (1 for the current state). */
  watchBreakers(breakers: ReadonlyMap<string, { state(): (typeof BREAKER_STATES)[number] }>): void;
}

/** Create the metrics on a fresh registry (one per proxy, so tests and workers do not share state). */
export function createProxyMetrics(options: { registry?: Registry; defaultMetrics?: boolean } = {}): ProxyMetrics {
  const registry = options.registry ?? new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'strangler_' });
  let breakers: ReadonlyMap<string, { state(): string }> = new Map();
  let polledAt: () => number | null = () => null;
  new Gauge({
    name: 'strangler_flags_last_poll_timestamp_seconds',
    help: 'When this instance last read the flags from the store, seconds since the epoch (0: not yet); /readyz fails past flags.maxStaleMs.',
    registers: [registry],
    aggregator: 'min',
    collect() {
      this.set((polledAt() ?? 0) / 1000);
    },
  });
  new Gauge({
    name: 'strangler_circuit_breaker_state',
    help: 'Each route\'s candidate circuit breaker: 1 for its current state (closed, open, half-open), 0 for the others.',
    labelNames: ['route', 'state'],
    registers: [registry],
    // Workers each hold their own breakers: summed, the value is the number of workers in that state.
    aggregator: 'sum',
    collect() {
      for (const [route, breaker] of breakers) {
        const current = breaker.state();
        for (const state of BREAKER_STATES) this.set({ route, state }, current === state ? 1 : 0);
      }
    },
  });
  return {
    registry,
    requests: new Counter({ name: 'strangler_requests_total', help: 'Requests answered, by route, mode, status and who served them (legacy, new).', labelNames: ['route', 'mode', 'status', 'served_by'], registers: [registry] }),
    upstreamErrors: new Counter({ name: 'strangler_upstream_errors_total', help: 'Failures talking to legacy, by route and code.', labelNames: ['route', 'code'], registers: [registry] }),
    duration: new Histogram({
      name: 'strangler_request_duration_seconds',
      help: 'Request to response end, seconds, by route, mode and who served it.',
      labelNames: ['route', 'mode', 'served_by'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    candidateDuration: candidateDurationHistogram(registry),
    fallbacks: new Counter({ name: 'strangler_fallbacks_total', help: 'New-stack answers that fell back to legacy, by route and reason.', labelNames: ['route', 'reason'], registers: [registry] }),
    inFlight: new Gauge({ name: 'strangler_requests_in_flight', help: 'Requests in flight.', registers: [registry] }),
    flagsVersion: new Gauge({
      name: 'strangler_flags_version',
      help: 'Time of the latest flag change this instance applied, seconds since the epoch: instances that differ are not in step.',
      labelNames: ['instance'],
      registers: [registry],
      aggregator: 'min',
    }),
    watchFlagPolls(read) {
      polledAt = read;
    },
    watchBreakers(next) {
      breakers = next;
    },
  };
}
