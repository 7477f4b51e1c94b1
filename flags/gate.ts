import type { Store } from '../store/store.js';
import type { ShadowResult } from '../model/shadow-result.js';

/** When a route may move to canary/new (`gate.*` in the config). */
export interface GateThresholds {
  /** Fewest compared results in the window. */
  minSamples: number;
  /** Lowest match rate after noise, 0..1. */
  minMatch: number;
  /** Highest candidate error rate, 0..1. */
  maxErrorRate: number;
}

/** The gate's answer: the figures and, when not ready, why. */
export interface GateVerdict {
  ready: boolean;
  /** Results counted (read and dry-run comparisons; noise baselines and too-large bodies are left out). */
  samples: number;
  matched: number;
  /** matched / samples (0 when no samples). */
  matchRate: number;
  candidateErrors: number;
  /** candidateErrors / samples (0 when no samples). */
  errorRate: number;
  /** Results left out: noise baselines and bodies past the tee cap. */
  skipped: number;
  /** Matched results that differ, every difference a learned noise path ("masked as noise"). */
  maskedByNoise: number;
  /** More than half the samples match only through noise: the gate refuses until rules replace it. */
  noiseDominated: boolean;
  /** Human lines, one per failed threshold; empty when ready. */
  reasons: string[];
}

/** True when the candidate failed: an error before answering or a 5xx. */
export function isCandidateError(r: ShadowResult): boolean {
  return r.candidateError !== null || (r.statusCandidate !== null && r.statusCandidate >= 500);
}

/** True when the answers match after noise: equal, or every difference path is a known noise path. */
export function matchesAfterNoise(r: ShadowResult): boolean {
  if (isCandidateError(r)) return false;
  if (r.equal) return true;
  if (r.differences.length === 0) return r.statusPrimary === r.statusCandidate;
  const noise = new Set(r.noise);
  return r.differences.every((d) => noise.has(d.path));
}

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

/** Share of samples matching only through noise past which a route is `noise-dominated`. */
export const NOISE_DOMINATED_SHARE = 0.5;

/** Judge shadow results against the thresholds (pure). */
export function evaluateGate(results: readonly ShadowResult[], t: GateThresholds): GateVerdict {
  let samples = 0;
  let matched = 0;
  let candidateErrors = 0;
  let skipped = 0;
  let maskedByNoise = 0;
  for (const r of results) {
    if (r.kind === 'noise' || r.tooLarge) { skipped++; continue; }
    samples++;
    if (isCandidateError(r)) candidateErrors++;
    else if (matchesAfterNoise(r)) {
      matched++;
      if (!r.equal) maskedByNoise++;
    }
  }
  const matchRate = samples === 0 ? 0 : matched / samples;
  const errorRate = samples === 0 ? 0 : candidateErrors / samples;
  const reasons: string[] = [];
  if (samples < t.minSamples) reasons.push(`only ${samples} compared results in the window, need ${t.minSamples}`);
  if (samples > 0 && matchRate < t.minMatch) {
    reasons.push(`match rate after noise ${pct(matchRate)} (${matched}/${samples}) is below ${pct(t.minMatch)}`);
  }
  if (samples > 0 && errorRate > t.maxErrorRate) {
    reasons.push(`candidate error rate ${pct(errorRate)} (${candidateErrors}/${samples}) is above ${pct(t.maxErrorRate)}`);
  }
  // A match that rests on noise is legacy's word that the field moves by itself; when most matches rest
  // on it, the baseline decides the verdict, not the candidate (a busy list reordering between calls).
  const noiseDominated = samples > 0 && maskedByNoise / samples > NOISE_DOMINATED_SHARE;
  if (noiseDominated) {
    reasons.push(
      `noise-dominated: ${maskedByNoise} of ${samples} comparisons match only because every difference they have was learned as noise; ` +
        'name those paths in compare rules (generated, keys, ignore) so that new comparisons are judged on the answers',
    );
  }
  return { ready: reasons.length === 0, samples, matched, matchRate, candidateErrors, errorRate, skipped, maskedByNoise, noiseDominated, reasons };
}

/** Gate thresholds plus the window of results they look at. */
export type GateOptions = GateThresholds & {
  /** How far back results count, ms. */
  windowMs: number;
  /** Most recent results read (default 100000) so a busy route does not load its whole history. */
  maxResults?: number;
};

/** Read the route's shadow results in the window ending at `nowMs` and judge them. */
export async function checkGate(store: Store, routeId: string, opts: GateOptions, nowMs: number): Promise<GateVerdict> {
  const results = await store.shadowResults({ routeId, sinceMs: nowMs - opts.windowMs, limit: opts.maxResults ?? 100_000 });
  return evaluateGate(results, opts);
}

/** What a route's gate shows: `in new` for a route the new stack already serves, else the verdict. */
export type GateStatus = 'ready' | 'not ready' | 'in new';

/** The status every view (CLI, reports, dashboard, demo) prints for a route in `mode` with verdict `v`. */
export function gateStatus(mode: string | null | undefined, v: GateVerdict): GateStatus {
  if (mode === 'new') return 'in new';
  return v.ready ? 'ready' : 'not ready';
}

/** One-line summary of a verdict for people. */
export function describeVerdict(routeId: string, v: GateVerdict, mode?: string | null): string {
  const status = gateStatus(mode, v);
  const head = status === 'in new' ? `route ${routeId} is in new (served by the new stack)` : `route ${routeId} is ${status}`;
  return `${head}: ${v.samples} samples, match ${pct(v.matchRate)}, candidate errors ${pct(v.errorRate)}`;
}

/** The config's gate defaults (`gate.*`), for commands run without a config file. */
export const DEFAULT_GATE: Readonly<GateOptions> = Object.freeze({
  minSamples: 1_000, minMatch: 0.99, maxErrorRate: 0.01, windowMs: 24 * 3_600_000,
});
