import type { DifferenceKind } from '../model/difference.js';
import type { Flag } from '../model/flag.js';
import type { ShadowResult } from '../model/shadow-result.js';
import type { GateStatus, GateThresholds, GateVerdict } from '../flags/index.js';
import { evaluateGate, gateStatus, isCandidateError, matchesAfterNoise } from '../flags/index.js';
import { generalizePath } from '../compare/index.js';
import { percentile } from './percentile.js';
import { scrubDiffPath, scrubRequestPath, scrubValue } from './scrub.js';

/** Examples kept per differing path. */
const EXAMPLES_PER_PATH = 3;
/** Differing paths kept per route. */
const TOP_PATHS = 10;
/** Distinct affected requests listed per differing path (**contract**: up to 1,000). */
export const AFFECTED_LIMIT = 1000;

/** One distinct request on which a path differed (**contract**: `method`, `path`, `count`). */
export interface AffectedRequest {
  method: string;
  /** The stored request path: redacted, with the route's kept query keys (`keepQuery`). */
  path: string;
  /** Results of this request in which the path differed. */
  count: number;
}

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
  /** Every distinct request (method and stored path) on which this path differed, most results first, up to 1,000 (**contract**). */
  affected: AffectedRequest[];
  /** Distinct requests in all; more than `affected.length` only past the 1,000 cap. */
  affectedTotal: number;
  /** Examples, each of a request or kind the others do not show. */
  examples: DiffExample[];
}

/** A path learned as noise (legacy differs from itself there). */
export interface NoisePathSummary {
  path: string;
  /** Results (baseline or read) in which this path was noise. */
  count: number;
}

/**
 * A path of a write's answer that each write generates anew (an id, a timestamp): legacy's own value
 * changed from write to write, and the candidate's differed from it in value only, never in shape.
 */
export interface GeneratedPathSuggestion {
  path: string;
  /** Dry-run comparisons with a difference at this path. */
  writes: number;
  /** Distinct values legacy gave there across those writes. */
  legacyValues: number;
  /** The shape both sides had: `number`, or a string's digit and letter runs in quotes (`"9"` for `"104"`, `"9-9-9 9:9:9"` for a JST timestamp). */
  shape: string;
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
  /** The gate's verdict over the gate's window (the same as `strangler gate` and the dashboard). */
  gate: GateVerdict;
  /** What every view shows for the route: `in new` for a route the new stack serves, else ready / not ready. */
  status: GateStatus;
  noise: { baselineSamples: number; paths: NoisePathSummary[]; suggestedRules: { ignore: string[] } };
  /** Dry-run write comparisons, apart from reads; null when there were none. */
  dryRun: ComparisonFigures | null;
  /**
   * Write noise learned from successive dry-run writes: paths to review for `compare.generated`
   * (compared by shape, not value). Only suggested, never applied. Null when there were no dry runs.
   */
  writeNoise: { paths: GeneratedPathSuggestion[]; suggestedRules: { generated: string[] } } | null;
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
  /** Results older than this (epoch ms) are left out of the report's figures (default: none). */
  sinceMs?: number;
  /** Results older than this are left out of the gate's verdict (default: none); the gate's own window. */
  gateSinceMs?: number;
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
      ready: routes.filter((r) => r.status === 'ready').length,
      dryRunSamples: routes.reduce((n, r) => n + (r.dryRun?.samples ?? 0), 0),
    },
    routes,
  };
}

function routeReport(routeId: string, results: ShadowResult[], opts: DiffReportOptions): RouteDiffReport {
  // Stable order whatever the store returned: oldest first, then id.
  const all = [...results].sort((a, b) => a.ts - b.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const sorted = opts.sinceMs === undefined ? all : all.filter((r) => r.ts >= opts.sinceMs!);
  const gateWindow = opts.gateSinceMs === undefined ? all : all.filter((r) => r.ts >= opts.gateSinceMs!);
  const gate = evaluateGate(gateWindow, opts.gateThresholds);
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
    gate,
    status: gateStatus(flag?.mode, gate),
    noise: {
      baselineSamples: baseline.length,
      paths: noisePaths,
      suggestedRules: { ignore: noisePaths.map((p) => p.path) },
    },
    dryRun: dryRuns.length > 0 ? figures(dryRuns) : null,
    writeNoise: dryRuns.length > 0 ? learnWriteNoise(dryRuns) : null,
  };
}

/**
 * Paths that successive writes generate: every difference there is a `changed` value of the same shape on
 * both sides, in at least two writes, and legacy itself gave a different value in at least two of them
 * (compare successive writes: an id or a timestamp each write makes anew). A redacted value has no shape
 * to judge, and is never suggested.
 */
function learnWriteNoise(dryRuns: ShadowResult[]): NonNullable<RouteDiffReport['writeNoise']> {
  const byPath = new Map<string, { writes: number; legacy: Set<string>; shape: string | null; ok: boolean }>();
  for (const r of dryRuns) {
    if (r.tooLarge || isCandidateError(r)) continue;
    const seen = new Set<string>();
    for (const d of r.differences) {
      const path = generalizePath(d.path);
      let e = byPath.get(path);
      if (!e) byPath.set(path, (e = { writes: 0, legacy: new Set(), shape: null, ok: true }));
      const shape = d.kind === 'changed' ? shapeOf(d.legacy) : null;
      if (shape === null || shape !== shapeOf(d.candidate) || (e.shape !== null && e.shape !== shape)) e.ok = false;
      e.shape ??= shape;
      e.legacy.add(JSON.stringify(d.legacy));
      if (!seen.has(path)) {
        seen.add(path);
        e.writes++;
      }
    }
  }
  const paths = [...byPath.entries()]
    .filter(([, e]) => e.ok && e.writes >= 2 && e.legacy.size >= 2)
    .map(([path, e]) => ({ path, writes: e.writes, legacyValues: e.legacy.size, shape: e.shape! }))
    .sort((a, b) => b.writes - a.writes || (a.path < b.path ? -1 : 1));
  return { paths, suggestedRules: { generated: paths.map((p) => p.path) } };
}

/** A value's shape: its JSON type, and for a string its digit and letter runs (`"91"` and `"104"` → `"9"`); null for a redacted value. */
function shapeOf(v: unknown): string | null {
  if (typeof v === 'string') {
    if (v.startsWith('redacted:')) return null;
    return JSON.stringify(v.replace(/[0-9]+/g, '9').replace(/[A-Za-z]+/g, 'a'));
  }
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  return null;
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
  type Entry = { count: number; kinds: Partial<Record<DifferenceKind, number>>; requests: Map<string, AffectedRequest>; examples: DiffExample[] };
  const byPath = new Map<string, Entry>();
  for (const r of results) {
    if (isCandidateError(r) || matchesAfterNoise(r)) continue;
    const noise = new Set(r.noise);
    const seen = new Set<string>();
    for (const d of r.differences) {
      if (noise.has(d.path)) continue;
      const path = scrubDiffPath(generalizePath(d.path));
      let entry = byPath.get(path);
      if (!entry) byPath.set(path, (entry = { count: 0, kinds: {}, requests: new Map(), examples: [] }));
      entry.kinds[d.kind] = (entry.kinds[d.kind] ?? 0) + 1;
      if (seen.has(path)) continue;
      seen.add(path);
      entry.count++;
      // Rows from older versions may hold unmasked paths: the same mask as the dashboard's.
      const requestPath = scrubRequestPath(r.path);
      const key = `${r.method} ${requestPath}`;
      const request = entry.requests.get(key);
      if (request !== undefined) request.count++;
      else entry.requests.set(key, { method: r.method, path: requestPath, count: 1 });
      // Examples differ by request or by kind: three of one request and kind show one thing three times.
      const shown = entry.examples.some((e) => e.method === r.method && e.requestPath === requestPath && e.kind === d.kind);
      if (!shown && entry.examples.length < EXAMPLES_PER_PATH) {
        const example: DiffExample = { resultId: r.id, ts: r.ts, method: r.method, requestPath, path: scrubDiffPath(d.path), kind: d.kind };
        if ('legacy' in d) example.legacy = scrubValue(d.legacy);
        if ('candidate' in d) example.candidate = scrubValue(d.candidate);
        entry.examples.push(example);
      }
    }
  }
  return [...byPath.entries()]
    .map(([path, e]) => ({
      path,
      count: e.count,
      share: round(e.count / samples),
      kind: mostFrequent(e.kinds),
      kinds: e.kinds,
      affected: [...e.requests.values()]
        .sort((a, b) => b.count - a.count || compareText(a.path, b.path) || compareText(a.method, b.method))
        .slice(0, AFFECTED_LIMIT),
      affectedTotal: e.requests.size,
      examples: e.examples,
    }))
    .sort((a, b) => b.count - a.count || (a.path < b.path ? -1 : 1))
    .slice(0, TOP_PATHS);
}

// Numbers in a path sort as numbers: page=2 before page=10.
const NATURAL = new Intl.Collator('en', { numeric: true });

function compareText(a: string, b: string): number {
  return NATURAL.compare(a, b);
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
