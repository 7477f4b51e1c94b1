import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, metricValue, startRig, until, type FaultRig } from '../e2e/faults/harness.js';
import { ROUTES, PATHS, OPERATOR } from '../e2e/faults/candidate-fixture.js';

// The whole runtime (shadow, canary and new routes over the sample stack) registers every metric the
// docs name; requests then fill the new labels and histograms.

const DOCS = ['faults.md', 'proxy.md', 'shadow.md', 'modes.md', 'store.md', 'errors.md'];

/** `strangler_*` metric names a docs page mentions (not database, lock or cookie names: those are quoted or templated). */
function documentedMetrics(page: string): string[] {
  const text = readFileSync(new URL(`../../docs/${page}`, import.meta.url), 'utf8');
  const names = new Set<string>();
  for (const m of text.matchAll(/(?<!['\w])strangler_[a-z0-9_]*[a-z0-9](?![\w<'])/g)) names.add(m[0]);
  for (const notMetric of ['strangler_session']) names.delete(notMetric);
  return [...names];
}

let rig: FaultRig;
beforeAll(async () => {
  rig = await startRig({ routes: ROUTES });
}, 30_000);
afterAll(async () => {
  await rig?.close();
});

describe('metrics', () => {
  it.each(DOCS)('regression: every strangler_* metric docs/%s names is registered', async (page) => {
    const registered = new Set((await rig.running.proxy.metrics.registry.getMetricsAsJSON()).map((m) => m.name));
    const names = documentedMetrics(page);
    if (page === 'faults.md') expect(names.length).toBeGreaterThan(5);
    // A histogram's series carry suffixes; the docs may name either.
    const missing = names.filter((n) => !registered.has(n) && !registered.has(n.replace(/_(bucket|sum|count)$/, '')));
    expect(missing).toEqual([]);
  });

  it('labels requests by who served them, times the candidate per route and mode, and shows breakers and the flag version', async () => {
    for (const path of [PATHS.shadow, PATHS.canary, PATHS.new, '/nowhere']) await get(rig.base, path, OPERATOR);
    // The shadow comparison ends after the answer.
    expect(await until(async () => metricValue(await rig.metrics(), 'strangler_candidate_duration_seconds_count', { route: 'user', mode: 'shadow' }) === 1)).toBe(true);
    const text = await rig.metrics();
    expect(metricValue(text, 'strangler_requests_total', { route: 'item', mode: 'canary', served_by: 'new' })).toBe(1);
    expect(metricValue(text, 'strangler_requests_total', { route: 'user', mode: 'shadow', served_by: 'legacy' })).toBe(1);
    expect(metricValue(text, 'strangler_request_duration_seconds_count', { route: 'inquiry-detail', served_by: 'new' })).toBe(1);
    expect(metricValue(text, 'strangler_candidate_duration_seconds_count', { route: 'item', mode: 'canary' })).toBe(1);
    expect(metricValue(text, 'strangler_candidate_duration_seconds_count', { route: 'inquiry-detail', mode: 'new' })).toBe(1);
    expect(metricValue(text, 'strangler_circuit_breaker_state', { route: 'item', state: 'closed' })).toBe(1);
    expect(metricValue(text, 'strangler_circuit_breaker_state', { route: 'item', state: 'open' })).toBe(0);
    const flags = await rig.running.store.listFlags();
    const latest = Math.max(...flags.map((f) => f.updatedAt)) / 1000;
    expect(metricValue(text, 'strangler_flags_version', { instance: 'faults' })).toBeCloseTo(latest, 3);
  });
});
