import { Counter, Gauge, type Registry } from 'prom-client';

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
    running: gauge('strangler_shadow_running', 'Shadow jobs running', () => limiter.running),
    queued: gauge('strangler_shadow_queued', 'Shadow jobs waiting for a slot', () => limiter.queued),
  };
}
