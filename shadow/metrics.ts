import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Buckets of every latency histogram (the proxy's request duration too), seconds. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120];

/** The shadow runner's counters, registered on the proxy's registry (or a private one). */
export interface ShadowMetrics {
  /** Jobs not run: `queue_full`, `primary_incomplete`. */
  dropped: Counter<'route' | 'reason'>;
  /** Sampled requests not shadowed by rule: `write_without_dry_run`. */
  skipped: Counter<'route' | 'reason'>;
  /** Results handed to the sink, by kind and outcome (`equal`, `different`, `candidate_error`, `too_large`). */
  results: Counter<'route' | 'kind' | 'outcome'>;
  /** Failures caught by the runner's one failure hook, by stage (`candidate`, `decode`, `compare`, `redact`, `store`, `internal`): never seen by the operator. */
  failures: Counter<'route' | 'stage'>;
  /** Candidate call time of shadowed requests, seconds (`mode="shadow"`); the same histogram as new and canary. */
  candidateDuration: Histogram<'route' | 'mode'>;
  running: Gauge;
  queued: Gauge;
}

/** Create (or reuse, when already registered on `registry`) the shadow metrics. */
export function createShadowMetrics(registry: Registry, limiter: { running: number; queued: number }): ShadowMetrics {
  const counter = <L extends string>(name: string, help: string, labelNames: L[]): Counter<L> =>
    (registry.getSingleMetric(name) as Counter<L> | undefined) ??
    new Counter<L>({ name, help, labelNames, registers: [registry] });
  const gauge = (name: string, help: string, read: () => number): Gauge => {
    registry.removeSingleMetric(name);
    return new Gauge({ name, help, registers: [registry], collect() { this.set(read()); } });
  };
  return {
    dropped: counter('strangler_shadow_dropped_total', 'Shadow jobs dropped (queue full, primary incomplete)', ['route', 'reason']),
    skipped: counter('strangler_shadow_skipped_total', 'Sampled requests never sent to the candidate (writes without a dry-run form)', ['route', 'reason']),
    results: counter('strangler_shadow_results_total', 'Shadow comparisons stored', ['route', 'kind', 'outcome']),
    failures: counter('strangler_shadow_failures_total', 'Shadow failures caught off the request path', ['route', 'stage']),
    candidateDuration: candidateDurationHistogram(registry),
    running: gauge('strangler_shadow_running', 'Shadow jobs running', () => limiter.running),
    queued: gauge('strangler_shadow_queued', 'Shadow jobs waiting for a slot', () => limiter.queued),
  };
}

/** The candidate latency histogram, shared by the new/canary handlers and the shadow runner (one per registry). */
export function candidateDurationHistogram(registry: Registry): Histogram<'route' | 'mode'> {
  const name = 'strangler_candidate_duration_seconds';
  return (registry.getSingleMetric(name) as Histogram<'route' | 'mode'> | undefined) ?? new Histogram({
    name,
    help: 'Candidate (new stack) call time, seconds, by route and mode (new, canary, shadow); failed calls included.',
    labelNames: ['route', 'mode'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
}
