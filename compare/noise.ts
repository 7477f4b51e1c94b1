import type { Difference } from '../model/difference.js';
import { generalizePath } from './path.js';
import { SHAPE_MAX_PATHS, differenceShape } from './shape.js';
import type { CompareRules } from './rules.js';
import type { ShadowResult } from '../model/shadow-result.js';

/** When a path counts as a real difference (config `compare.noise`). */
export interface NoiseThresholds {
  /** Candidate rate must be at least this multiple of the noise rate (e.g. 2 = twice as often). */
  relativeThreshold: number;
  /** Candidate rate minus noise rate must be at least this (a fraction of requests, e.g. 0.01). */
  absoluteThreshold: number;
}

/** Defaults used when the config names none. */
export const DEFAULT_NOISE_THRESHOLDS: NoiseThresholds = Object.freeze({ relativeThreshold: 2, absoluteThreshold: 0.01 });

/** The counts and rates behind one generalised path and one way of differing, of one route. */
export interface PathNoiseStats {
  /** Generalised path: indices become `[*]`. */
  path: string;
  /** How it differs (`differenceShape`): `value`, `format:A>B`, `type:A>B`, `added`, `removed`, `order`. */
  shape: string;
  /** Legacy-vs-legacy samples in which this path differed. */
  noiseCount: number;
  /** Candidate samples in which this path differed. */
  candidateCount: number;
  noiseRate: number;
  candidateRate: number;
  /** True when the candidate rate does not beat the noise rate by both thresholds. */
  noise: boolean;
}

/** Rules suggested from learned noise, with the figures that justify each one. */
export interface RuleSuggestion {
  rules: CompareRules;
  reasons: PathNoiseStats[];
  /** Legacy-vs-legacy samples the suggestion rests on. */
  noiseSamples: number;
  candidateSamples: number;
}

/** Share of an answer's leaves that noise may cover before the route is `noise-dominated`. */
export const NOISE_DOMINATED_COVERAGE = 0.5;

/** How much of a route's answer learned noise covers (`NoiseModel.coverage`). */
export interface NoiseCoverage {
  /** Generalised leaf paths of legacy's answer, as recorded with noise samples (0 when none was). */
  leaves: number;
  /** Of those, leaves at or under a path whose noise would mask a value change. */
  noisyLeaves: number;
  /** noisyLeaves / leaves, or null when no answer shape was recorded. */
  coverage: number | null;
  /** True when coverage > NOISE_DOMINATED_COVERAGE: the gate refuses the route with reason `noise-dominated` until rules are added. */
  noiseDominated: boolean;
}

interface RouteCounters {
  noiseSamples: number;
  candidateSamples: number;
  /** Keyed by `keyOf`. */
  paths: Map<string, { path: string; shape: string; noise: number; candidate: number }>;
  /** Legacy's answer shape (generalised leaf paths), from noise samples. */
  leaves: Set<string>;
}

/**
 * Noise learned the way Diffy does it: legacy is compared with itself on a share of requests, and a
 * path whose candidate difference rate does not clearly beat that baseline rate is noise.
 * Pure and in memory; rebuild it from stored results with `NoiseModel.fromResults`.
 * A path never seen differing legacy-vs-legacy is never noise.
 */
export class NoiseModel {
  private readonly routes = new Map<string, RouteCounters>();

  constructor(private readonly thresholds: NoiseThresholds = DEFAULT_NOISE_THRESHOLDS) {}

  /** Rebuild a model from stored shadow results: kind `noise` is the baseline, `read`/`dry-run` the candidate. */
  static fromResults(results: Iterable<ShadowResult>, thresholds?: NoiseThresholds): NoiseModel {
    const model = new NoiseModel(thresholds);
    for (const r of results) {
      if (r.tooLarge || r.candidateError !== null) continue;
      if (r.kind === 'noise') model.recordNoise(r.routeId, r.differences);
      else model.recordCandidate(r.routeId, r.differences);
    }
    return model;
  }

  /**
   * Record one legacy-vs-legacy comparison (its differences; none when legacy agreed with itself), and
   * legacy's answer shape when known (`Comparison.shape`, asked for with `compareBodies({ shape: true })`).
   */
  recordNoise(routeId: string, differences: readonly Difference[], shape?: readonly string[]): void {
    const r = this.route(routeId);
    r.noiseSamples++;
    for (const [k, ps] of uniqueKeys(differences)) this.counter(r, k, ps).noise++;
    if (shape !== undefined) for (const p of shape) if (r.leaves.size < SHAPE_MAX_PATHS) r.leaves.add(p);
  }

  /** Record one legacy-vs-candidate comparison. */
  recordCandidate(routeId: string, differences: readonly Difference[]): void {
    const r = this.route(routeId);
    r.candidateSamples++;
    for (const [k, ps] of uniqueKeys(differences)) this.counter(r, k, ps).candidate++;
  }

  /**
   * True when this difference is noise: legacy differs from itself at its generalised path in the same
   * way (`differenceShape`), as often as the candidate does. A type or format legacy never produces is
   * never noise. A bare path is taken as a value change there.
   */
  isNoise(routeId: string, difference: Difference | string): boolean {
    const r = this.routes.get(routeId);
    if (r === undefined) return false;
    const c = r.paths.get(keyOf(difference));
    if (c === undefined || c.noise === 0) return false;
    return !this.beats(r, c);
  }

  /** Split differences into real ones and noise. */
  classify(routeId: string, differences: readonly Difference[]): { real: Difference[]; noise: Difference[] } {
    const real: Difference[] = [];
    const noise: Difference[] = [];
    for (const d of differences) (this.isNoise(routeId, d) ? noise : real).push(d);
    return { real, noise };
  }

  /** Generalised paths with some way of differing currently judged noise on this route, sorted. */
  noisePaths(routeId: string): string[] {
    return [...new Set(this.stats(routeId).filter((s) => s.noise).map((s) => s.path))];
  }

  /**
   * How much of the route's answer noise covers, and whether it is `noise-dominated`: more than half
   * of legacy's leaves sit at or under a path where a value change (or an added/removed value) is
   * masked as noise. Such a route's match rate says little; the gate refuses it until rules are added.
   */
  coverage(routeId: string): NoiseCoverage {
    const r = this.routes.get(routeId);
    if (r === undefined || r.leaves.size === 0) return { leaves: 0, noisyLeaves: 0, coverage: null, noiseDominated: false };
    const masking = new Set<string>();
    for (const c of r.paths.values()) if (c.shape !== 'order' && c.noise > 0 && !this.beats(r, c)) masking.add(c.path);
    let noisyLeaves = 0;
    for (const leaf of r.leaves) if (coveredBy(leaf, masking)) noisyLeaves++;
    const coverage = noisyLeaves / r.leaves.size;
    return { leaves: r.leaves.size, noisyLeaves, coverage, noiseDominated: coverage > NOISE_DOMINATED_COVERAGE };
  }

  /** Counts and rates for every path seen on this route, sorted by path. */
  stats(routeId: string): PathNoiseStats[] {
    const r = this.routes.get(routeId);
    if (r === undefined) return [];
    return [...r.paths.values()]
      .map((c) => ({
        path: c.path,
        shape: c.shape,
        noiseCount: c.noise,
        candidateCount: c.candidate,
        noiseRate: rate(c.noise, r.noiseSamples),
        candidateRate: rate(c.candidate, r.candidateSamples),
        noise: c.noise > 0 && !this.beats(r, c),
      }))
      .sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : x.shape < y.shape ? -1 : x.shape > y.shape ? 1 : 0));
  }

  /** Routes with any recorded sample. */
  routeIds(): string[] {
    return [...this.routes.keys()].sort();
  }

  /**
   * Suggested rules for a route, with the rates behind each: a value legacy itself changes is
   * `generated` (still compared by type and format), a reorder legacy itself makes is `unordered`,
   * anything else legacy itself varies is `ignore` (a path covered by a suggested parent is left out).
   */
  suggestRules(routeId: string): RuleSuggestion {
    const r = this.routes.get(routeId);
    const noisy = this.stats(routeId).filter((s) => s.noise);
    const ignored = noisy.filter((s) => s.shape !== 'value' && s.shape !== 'order').map((s) => s.path);
    const kept = noisy.filter((s) => !ignored.some((p) => p !== s.path && isUnder(s.path, p)));
    const rules: CompareRules = {};
    const add = (key: 'ignore' | 'generated' | 'unordered', path: string): void => {
      const list = (rules[key] ??= []);
      if (!list.includes(path)) list.push(path);
    };
    for (const s of kept) add(s.shape === 'value' ? 'generated' : s.shape === 'order' ? 'unordered' : 'ignore', s.path);
    if (rules.ignore && rules.generated) rules.generated = rules.generated.filter((p) => !rules.ignore!.includes(p));
    if (rules.generated?.length === 0) delete rules.generated;
    return { rules, reasons: kept, noiseSamples: r?.noiseSamples ?? 0, candidateSamples: r?.candidateSamples ?? 0 };
  }

  private beats(r: RouteCounters, c: { noise: number; candidate: number }): boolean {
    const cr = rate(c.candidate, r.candidateSamples);
    const nr = rate(c.noise, r.noiseSamples);
    return cr - nr >= this.thresholds.absoluteThreshold && (nr === 0 || cr / nr >= this.thresholds.relativeThreshold);
  }

  private route(routeId: string): RouteCounters {
    let r = this.routes.get(routeId);
    if (r === undefined) {
      r = { noiseSamples: 0, candidateSamples: 0, paths: new Map(), leaves: new Set() };
      this.routes.set(routeId, r);
    }
    return r;
  }

  private counter(r: RouteCounters, key: string, [path, shape]: [string, string]): { noise: number; candidate: number } {
    let c = r.paths.get(key);
    if (c === undefined) {
      c = { path, shape, noise: 0, candidate: 0 };
      r.paths.set(key, c);
    }
    return c;
  }
}

function rate(n: number, of: number): number {
  return of === 0 ? 0 : n / of;
}

/** Generalised path and way of differing, e.g. `value\u0000$.items[*].at` (a shape never holds NUL first). */
function keyOf(d: Difference | string): string {
  return typeof d === 'string' ? `value\u0000${generalized(d)}` : `${differenceShape(d)}\u0000${generalized(d.path)}`;
}

/** Each generalised path and way once per sample: a rate counts requests, not array elements. */
function uniqueKeys(differences: readonly Difference[]): Map<string, [string, string]> {
  const s = new Map<string, [string, string]>();
  for (const d of differences) {
    const k = keyOf(d);
    if (!s.has(k)) s.set(k, [generalized(d.path), differenceShape(d)]);
  }
  return s;
}

function coveredBy(leaf: string, paths: ReadonlySet<string>): boolean {
  if (paths.has(leaf)) return true;
  for (const p of paths) if (isUnder(leaf, p)) return true;
  return false;
}

// A route's differing paths repeat from request to request, and the proxy asks for each twice a
// comparison (recorded, then judged): parsing and re-printing the path each time cost about 0.8 KB of
// garbage a shadowed request. Bounded: cleared whole when full, so odd paths cannot grow it.
const GENERALIZED_MAX = 4096;
const generalizedPaths = new Map<string, string>();

function generalized(path: string): string {
  let g = generalizedPaths.get(path);
  if (g === undefined) {
    g = generalizePath(path);
    if (generalizedPaths.size >= GENERALIZED_MAX) generalizedPaths.clear();
    generalizedPaths.set(path, g);
  }
  return g;
}

function isUnder(path: string, parent: string): boolean {
  return path.startsWith(parent) && (path[parent.length] === '.' || path[parent.length] === '[');
}
