import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The proxy's Prometheus metrics; other parts add their own metrics to `registry`. */
export interface ProxyMetrics {
  readonly registry: Registry;
  /** Requests answered, by route id (`-` for none), mode and status. */
  readonly requests: Counter<'route' | 'mode' | 'status'>;
  /** Failures talking to legacy, by route and error code. */
  readonly upstreamErrors: Counter<'route' | 'code'>;
  /** Time from request to response end, seconds. */
  readonly duration: Histogram<'route' | 'mode'>;
  /** `new` answers that fell back to legacy, by route and reason (counted by the new/canary handlers). */
  readonly fallbacks: Counter<'route' | 'reason'>;
  /** Requests in flight. */
  readonly inFlight: Gauge;
}

/** Create the metrics on a fresh registry (one per proxy, so tests and workers do not share state). */
export function createProxyMetrics(options: { registry?: Registry; defaultMetrics?: boolean } = {}): ProxyMetrics {
  const registry = options.registry ?? new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'strangler_' });
  return {
    registry,
    requests: new Counter({ name: 'strangler_requests_total', help: 'Requests answered, by route, mode and status.', labelNames: ['route', 'mode', 'status'], registers: [registry] }),
    upstreamErrors: new Counter({ name: 'strangler_upstream_errors_total', help: 'Failures talking to legacy, by route and code.', labelNames: ['route', 'code'], registers: [registry] }),
    duration: new Histogram({
      name: 'strangler_request_duration_seconds',
      help: 'Request to response end, seconds.',
      labelNames: ['route', 'mode'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
      registers: [registry],
    }),
    fallbacks: new Counter({ name: 'strangler_fallbacks_total', help: 'New-stack answers that fell back to legacy, by route and reason.', labelNames: ['route', 'reason'], registers: [registry] }),
    inFlight: new Gauge({ name: 'strangler_requests_in_flight', help: 'Requests in flight.', registers: [registry] }),
  };
}
