import type { DifferenceKind } from '../compare/difference.js';
import type { Flag } from '../store/flag.js';
import type { ShadowResult } from '../store/shadow-result.js';
import type { GateThresholds, GateVerdict } from '../flags/index.js';
import { evaluateGate, isCandidateError, matchesAfterNoise } from '../flags/index.js';
import { generalizePath } from './generalize-path.js';
import { percentile } from './percentile.js';
import { scrubValue } from './scrub.js';

/** Examples kept per differing path. */
const EXAMPLES_PER_PATH = 3;
/** Differing paths kept per route. */
const TOP_PATHS = 10;

/** One shown example of a differing path: the values of both sides, redacted. */
export interface DiffExample {
  resultId: string;
  ts: number;
  method: string;
  /** Redacted request path. */
  requestPath: string;
  /** The concrete difference path (indices kept). */
  path: string;
  kind: DifferenceKind;
  legacy?: unknown;
  candidate?: unknown;
}

/** A differing path, generalised (indices → `[*]`), over the results that did not match. */
export interface DiffPathSummary {
  path: string;
  /** Results with at least one difference at this path. */
  count: number;
  /** count / samples. */
  share: number;
  /** The most frequent kind at this path. */
  kind: DifferenceKind;
  kinds: Partial<Record<DifferenceKind, number>>;
  examples: DiffExample[];
}

/** A path learned as noise (legacy differs from itself there). */
export interface NoisePathSummary {
  path: string;
  /** Results (baseline or read) in which this path was noise. */
  count: number;
}

/** Latency of one side, ms. */
export interface LatencySummary {
  p50: number | null;
  p95: number | null;
}

/** Figures over one set of comparisons (reads, or dry-run writes). */
export interface ComparisonFigures {
  /** Comparisons counted (**contract**). */
  samples: number;
  /** Share matching after normalisation and noise; null when samples = 0. */
  matchRate: number | null;
  /** Share where the candidate failed (an error before answering, timeouts included, or a 5xx). */
  errorRate: number | null;
  /** Share where the candidate timed out. */
  timeoutRate: number | null;
  /** Answers past the tee cap, not compared (not in samples). */
  tooLarge: number;
  latency: { legacy: LatencySummary; candidate: LatencySummary };
  topPaths: DiffPathSummary[];
}

/** One route of the diff report (**contract**: carries `samples`). */
export interface RouteDiffReport extends ComparisonFigures {
  routeId: string;
  /** The live flag, when the store has one. */
  flag: Pick<Flag, 'mode' | 'percent' | 'sample'> | null;
  gate: GateVerdict;
  noise: { baselineSamples: number; paths: NoisePathSummary[]; suggestedRules: { ignore: string[] } };
  /** Dry-run write comparisons, apart from reads; null when there were none. */
  dryRun: ComparisonFigures | null;
}

/** The diff report: JSON is the source, HTML and Markdown are rendered from it. */
export interface DiffReport {
  generatedAt: string;
  since: string | null;
  /** The store the results were read from (URL, password hidden); null when built from results in memory. */
  store?: string | null;
  gateThresholds: GateThresholds;
  totals: { routes: number; samples: number; ready: number; dryRunSamples: number };
  routes: RouteDiffReport[];
}

/** Options of `buildDiffReport`. */
export interface DiffReportOptions {
  flags: Flag[];
  gateThresholds: GateThresholds;
  /** ISO time written as `generatedAt` (passed in to keep the function pure). */
  generatedAt: string;
  /** ISO time of the window start, when the results were read with `--since`. */
  since?: string | null;
  /** The store read (URL, password hidden). */
  store?: string | null;
}

/** Build the diff report from stored shadow results (pure). */
export function buildDiffReport(results: ShadowResult[], opts: DiffReportOptions): DiffReport {
  const byRoute = new Map<string, ShadowResult[]>();
  for (const flag of opts.flags) byRoute.set(flag.routeId, []);
  for (const r of results) {
    const list = byRoute.get(r.routeId);
    if (list) list.push(r);
    else byRoute.set(r.routeId, [r]);
  }
  const routes = [...byRoute.keys()]
    .sort()
    .map((routeId) => routeReport(routeId, byRoute.get(routeId) ?? [], opts));
  return {
    generatedAt: opts.generatedAt,
    since: opts.since ?? null,
    store: opts.store ?? null,
    gateThresholds: opts.gateThresholds,
    totals: {
      routes: routes.length,
      samples: routes.reduce((n, r) => n + r.samples, 0),
      ready: routes.filter((r) => r.gate.ready).length,
      dryRunSamples: routes.reduce((n, r) => n + (r.dryRun?.samples ?? 0), 0),
    },
    routes,
  };
}

function routeReport(routeId: string, results: ShadowResult[], opts: DiffReportOptions): RouteDiffReport {
  // Stable order whatever the store returned: oldest first, then id.
  const sorted = [...results].sort((a, b) => a.ts - b.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const reads = sorted.filter((r) => r.kind === 'read');
  const dryRuns = sorted.filter((r) => r.kind === 'dry-run');
  const baseline = sorted.filter((r) => r.kind === 'noise');
  const flag = opts.flags.find((f) => f.routeId === routeId);
  const noisePaths = learnedNoise(baseline, reads);
  return {
    routeId,
    flag: flag ? { mode: flag.mode, percent: flag.percent, sample: flag.sample } : null,
    ...figures(reads),
    // The same verdict as `strangler gate`: the gate itself counts reads and dry-runs, and skips baselines and too-large bodies.
    gate: evaluateGate(sorted, opts.gateThresholds),
    noise: {
      baselineSamples: baseline.length,
      paths: noisePaths,
      suggestedRules: { ignore: noisePaths.map((p) => p.path) },
    },
    dryRun: dryRuns.length > 0 ? figures(dryRuns) : null,
  };
}

function figures(all: ShadowResult[]): ComparisonFigures {
  const results = all.filter((r) => !r.tooLarge);
  const n = results.length;
  const rate = (k: number): number | null => (n === 0 ? null : round(k / n));
  const errors = results.filter(isCandidateError);
  const timeouts = errors.filter((r) => /TIMEOUT/.test(r.candidateError ?? ''));
  const legacyMs = results.map((r) => r.latencyPrimaryMs);
  const candidateMs = results.flatMap((r) => (r.latencyCandidateMs === null ? [] : [r.latencyCandidateMs]));
  return {
    samples: n,
    matchRate: rate(results.filter(matchesAfterNoise).length),
    errorRate: rate(errors.length),
    timeoutRate: rate(timeouts.length),
    tooLarge: all.length - n,
    latency: {
      legacy: { p50: percentile(legacyMs, 50), p95: percentile(legacyMs, 95) },
      candidate: { p50: percentile(candidateMs, 50), p95: percentile(candidateMs, 95) },
    },
    topPaths: topPaths(results, n),
  };
}

function topPaths(results: ShadowResult[], samples: number): DiffPathSummary[] {
  const byPath = new Map<string, { count: number; kinds: Partial<Record<DifferenceKind, number>>; examples: DiffExample[] }>();
  for (const r of results) {
    if (isCandidateError(r) || matchesAfterNoise(r)) continue;
    const noise = new Set(r.noise);
    const seen = new Set<string>();
    for (const d of r.differences) {
      if (noise.has(d.path)) continue;
      const path = generalizePath(d.path);
      let entry = byPath.get(path);
      if (!entry) byPath.set(path, (entry = { count: 0, kinds: {}, examples: [] }));
      entry.kinds[d.kind] = (entry.kinds[d.kind] ?? 0) + 1;
      if (seen.has(path)) continue;
      seen.add(path);
      entry.count++;
      if (entry.examples.length < EXAMPLES_PER_PATH) {
        const example: DiffExample = { resultId: r.id, ts: r.ts, method: r.method, requestPath: r.path, path: d.path, kind: d.kind };
        if ('legacy' in d) example.legacy = scrubValue(d.legacy);
        if ('candidate' in d) example.candidate = scrubValue(d.candidate);
        entry.examples.push(example);
      }
    }
  }
  return [...byPath.entries()]
    .map(([path, e]) => ({ path, count: e.count, share: round(e.count / samples), kind: mostFrequent(e.kinds), kinds: e.kinds, examples: e.examples }))
    .sort((a, b) => b.count - a.count || (a.path < b.path ? -1 : 1))
    .slice(0, TOP_PATHS);
}

function learnedNoise(baseline: ShadowResult[], reads: ShadowResult[]): NoisePathSummary[] {
  const counts = new Map<string, number>();
  const add = (paths: Iterable<string>): void => {
    for (const p of new Set([...paths].map(generalizePath))) counts.set(p, (counts.get(p) ?? 0) + 1);
  };
  for (const r of baseline) add(r.differences.map((d) => d.path));
  for (const r of reads) add(r.noise);
  return [...counts.entries()]
    .map(([path, count]) => ({ path, count }))
    .sort((a, b) => b.count - a.count || (a.path < b.path ? -1 : 1));
}

function mostFrequent(kinds: Partial<Record<DifferenceKind, number>>): DifferenceKind {
  let best: DifferenceKind = 'changed';
  let bestN = -1;
  for (const [k, n] of Object.entries(kinds) as [DifferenceKind, number][]) {
    if (n > bestN) [best, bestN] = [k, n];
  }
  return best;
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
