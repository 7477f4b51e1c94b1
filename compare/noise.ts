import type { Difference } from '../model/difference.js';
import { generalizePath } from './path.js';
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

/** The counts and rates behind one generalised path of one route. */
export interface PathNoiseStats {
  /** Generalised path: indices become `[*]`. */
  path: string;
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

interface RouteCounters {
  noiseSamples: number;
  candidateSamples: number;
  paths: Map<string, { noise: number; candidate: number }>;
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

  /** Record one legacy-vs-legacy comparison (its differences; none when legacy agreed with itself). */
  recordNoise(routeId: string, differences: readonly Difference[]): void {
    const r = this.route(routeId);
    r.noiseSamples++;
    for (const p of uniquePaths(differences)) this.counter(r, p).noise++;
  }

  /** Record one legacy-vs-candidate comparison. */
  recordCandidate(routeId: string, differences: readonly Difference[]): void {
    const r = this.route(routeId);
    r.candidateSamples++;
    for (const p of uniquePaths(differences)) this.counter(r, p).candidate++;
  }

  /** True when differences at `path` (concrete or generalised) on this route are noise. */
  isNoise(routeId: string, path: string): boolean {
    const r = this.routes.get(routeId);
    if (r === undefined) return false;
    const c = r.paths.get(generalized(path));
    if (c === undefined || c.noise === 0) return false;
    return !this.beats(r, c);
  }

  /** Split differences into real ones and noise. */
  classify(routeId: string, differences: readonly Difference[]): { real: Difference[]; noise: Difference[] } {
    const real: Difference[] = [];
    const noise: Difference[] = [];
    for (const d of differences) (this.isNoise(routeId, d.path) ? noise : real).push(d);
    return { real, noise };
  }

  /** Generalised paths currently judged noise on this route, sorted. */
  noisePaths(routeId: string): string[] {
    return this.stats(routeId)
      .filter((s) => s.noise)
      .map((s) => s.path);
  }

  /** Counts and rates for every path seen on this route, sorted by path. */
  stats(routeId: string): PathNoiseStats[] {
    const r = this.routes.get(routeId);
    if (r === undefined) return [];
    return [...r.paths.entries()]
      .map(([path, c]) => ({
        path,
        noiseCount: c.noise,
        candidateCount: c.candidate,
        noiseRate: rate(c.noise, r.noiseSamples),
        candidateRate: rate(c.candidate, r.candidateSamples),
        noise: c.noise > 0 && !this.beats(r, c),
      }))
      .sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  }

  /** Routes with any recorded sample. */
  routeIds(): string[] {
    return [...this.routes.keys()].sort();
  }

  /**
   * Suggested rules for a route: ignore every noise path (a path covered by a suggested parent is
   * left out), with the rates behind each.
   */
  suggestRules(routeId: string): RuleSuggestion {
    const r = this.routes.get(routeId);
    const noisy = this.stats(routeId).filter((s) => s.noise);
    const kept = noisy.filter((s) => !noisy.some((o) => o !== s && isUnder(s.path, o.path)));
    const rules: CompareRules = kept.length > 0 ? { ignore: kept.map((s) => s.path) } : {};
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
      r = { noiseSamples: 0, candidateSamples: 0, paths: new Map() };
      this.routes.set(routeId, r);
    }
    return r;
  }

  private counter(r: RouteCounters, path: string): { noise: number; candidate: number } {
    let c = r.paths.get(path);
    if (c === undefined) {
      c = { noise: 0, candidate: 0 };
      r.paths.set(path, c);
    }
    return c;
  }
}

function rate(n: number, of: number): number {
  return of === 0 ? 0 : n / of;
}

/** Each generalised path once per sample: a rate counts requests, not array elements. */
function uniquePaths(differences: readonly Difference[]): Set<string> {
  const s = new Set<string>();
  for (const d of differences) s.add(generalized(d.path));
  return s;
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
