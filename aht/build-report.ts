import type { StranglerConfig } from '../config/strangler-config.js';
import type { RequestEvent } from '../model/request-event.js';
import type { Store } from '../store/store.js';
import type { Flag } from '../model/flag.js';
import type { AhtCaseReport, AhtPathReport, AhtReport } from './aht-report.js';
import type { Sessions } from './handling.js';
import type { CasePattern } from './case-pattern.js';
import { compileCases, sessionize } from './sessionize.js';
import { sessionizeInStore } from './sql/sessionize-sql.js';
import { compareArms, emptySample, type ArmSample, type CompareOptions } from './statistics/compare-arms.js';
import { srmCheck } from './statistics/srm.js';
import { cupedAdjust } from './statistics/cuped.js';

/** The parts of the config the AHT report reads. */
export type AhtReportConfig = Pick<StranglerConfig, 'aht' | 'routes'>;

/** Options of one AHT report. */
export interface AhtReportOptions {
  /** Events from this time on (epoch ms). */
  sinceMs: number;
  /** Events before this time (epoch ms, exclusive; default: no bound). */
  untilMs?: number;
  /** Bootstrap seed (default 1): the same data and seed give the same report. */
  seed?: number;
  /** Bootstrap rounds (default 2000). */
  rounds?: number;
  /** Live flags (default: the store's, or none for in-process use) to find each case's canary percent. */
  flags?: readonly Flag[];
  /**
   * Start of a pre-period (epoch ms; it ends at `sinceMs`): each operator's mean handling time there is the
   * CUPED covariate. Without it `cuped` is null.
   */
  preSinceMs?: number;
  /** The store read, named in the report (URL, password hidden). */
  store?: string;
}

/** Default bootstrap seed and rounds. */
export const DEFAULT_SEED = 1;
export const DEFAULT_ROUNDS = 2000;
/** Operators per arm from which the bootstrap resamples operators rather than single handlings. */
export const MIN_CLUSTERS = 10;

/** The AHT report from the store: sessionisation runs as SQL where the data lives. */
export async function buildAhtReport(store: Store, config: AhtReportConfig, opts: AhtReportOptions): Promise<AhtReport> {
  const sessions = await sessionizeInStore(store, config.aht.cases, { sinceMs: opts.sinceMs, untilMs: opts.untilMs }, config.aht);
  const pre =
    opts.preSinceMs === undefined
      ? null
      : await sessionizeInStore(store, config.aht.cases, { sinceMs: opts.preSinceMs, untilMs: opts.sinceMs }, config.aht);
  const flags = opts.flags ?? (await store.listFlags());
  return reportFromSessions(sessions, config, { ...opts, flags }, pre);
}

/** The AHT report from events in memory (small data, the demo, tests): the in-process sessionisation. */
export function buildAhtReportFromEvents(events: readonly RequestEvent[], config: AhtReportConfig, opts: AhtReportOptions): AhtReport {
  const until = opts.untilMs ?? Number.MAX_SAFE_INTEGER;
  const inRange = events.filter((e) => e.ts >= opts.sinceMs && e.ts < until);
  const pre =
    opts.preSinceMs === undefined
      ? null
      : sessionize(events.filter((e) => e.ts >= (opts.preSinceMs as number) && e.ts < opts.sinceMs), config.aht.cases, config.aht);
  return reportFromSessions(sessionize(inRange, config.aht.cases, config.aht), config, opts, pre);
}

/** Statistics over sessionised handlings and dwells (`pre`: the pre-period's, for CUPED). */
export function reportFromSessions(sessions: Sessions, config: AhtReportConfig, opts: AhtReportOptions, pre: Sessions | null = null): AhtReport {
  const seed = opts.seed ?? DEFAULT_SEED;
  const cmp: CompareOptions = {
    seed,
    rounds: opts.rounds ?? DEFAULT_ROUNDS,
    marginS: config.aht.equivalenceMarginS,
    minClusters: MIN_CLUSTERS,
  };
  const cases: AhtCaseReport[] = compileCases(config.aht.cases).map((c) => {
    const legacy = emptySample();
    const fresh = emptySample();
    let mixed = 0;
    const operatorArm = new Map<string, { legacy: number; new: number }>();
    for (const h of sessions.handlings) {
      if (h.caseName !== c.name || h.outcome !== 'completed') continue;
      if (h.arm === 'mixed') {
        mixed++;
        continue;
      }
      const s = h.arm === 'new' ? fresh : legacy;
      s.values_s.push(h.durationMs / 1000);
      s.active_s.push(h.activeMs / 1000);
      s.operators.push(h.operatorId);
      const o = operatorArm.get(h.operatorId) ?? { legacy: 0, new: 0 };
      o[h.arm]++;
      operatorArm.set(h.operatorId, o);
    }
    const r = compareArms(legacy, fresh, cmp);
    // SRM counts operators (the unit the canary assigns), each on the side that served most of its handlings.
    let opsNew = 0;
    let opsLegacy = 0;
    for (const o of operatorArm.values()) if (o.new > o.legacy) opsNew++;
    else opsLegacy++;
    const share = canaryShare(c.start, config, opts.flags ?? []);
    return {
      name: c.name,
      arms: r.arms,
      difference: r.difference,
      verdict: r.verdict,
      needed_per_arm: r.needed_per_arm,
      abandoned: sessions.abandoned[c.name] ?? 0,
      transferred: sessions.transferred[c.name] ?? 0,
      mixed,
      over_max_duration: sessions.overMaxDuration[c.name] ?? 0,
      srm: share === null ? null : srmCheck(opsLegacy, opsNew, share),
      cuped: pre === null ? null : cupedDifference(c.name, legacy, fresh, pre, cmp),
    };
  });

  type PathSamples = { caseName: string; routeId: string; method: string; legacy: ArmSample; new: ArmSample };
  const byPath = new Map<string, PathSamples>();
  // Case → route → method: three short-key lookups per dwell instead of building a joined key string.
  const index = new Map<string, Map<string, Map<string, PathSamples>>>();
  for (const d of sessions.dwells) {
    const routeId = d.routeId ?? '(no route)';
    let byRoute = index.get(d.caseName);
    if (byRoute === undefined) index.set(d.caseName, (byRoute = new Map()));
    let byMethod = byRoute.get(routeId);
    if (byMethod === undefined) byRoute.set(routeId, (byMethod = new Map()));
    let p = byMethod.get(d.method);
    if (p === undefined) {
      p = { caseName: d.caseName, routeId, method: d.method, legacy: emptySample(), new: emptySample() };
      byMethod.set(d.method, p);
      byPath.set(`${d.caseName}\u0000${routeId}\u0000${d.method}`, p);
    }
    const s = p[d.servedBy];
    s.values_s.push(d.dwellMs / 1000);
    if (d.dwellMs <= config.aht.idleGapMs) s.active_s.push(d.dwellMs / 1000);
    s.operators.push(d.operatorId);
  }
  const paths: AhtPathReport[] = [...byPath.values()]
    .sort((a, b) => (a.caseName + a.routeId + a.method < b.caseName + b.routeId + b.method ? -1 : 1))
    .map((p) => {
      const r = compareArms(p.legacy, p.new, cmp);
      return { case: p.caseName, route_id: p.routeId, method: p.method, arms: r.arms, difference: r.difference, verdict: r.verdict };
    });

  return {
    generated_at: new Date().toISOString(),
    since: new Date(opts.sinceMs).toISOString(),
    store: opts.store ?? null,
    method: {
      test: `Mann–Whitney U, two-sided, normal approximation with tie and continuity correction, on operators' mean durations when each arm has ≥ ${MIN_CLUSTERS} operators (the canary assigns operators, so their handlings are not independent), else on single handlings; significant at p < 0.05 with the CI excluding 0`,
      ci: `95% percentile bootstrap of mean(new) − mean(legacy), ${cmp.rounds} rounds, resampling operators (the canary's unit) when each arm has ≥ ${MIN_CLUSTERS} operators, else single handlings; percentile expanded for few units (sqrt(k/(k−1))·t(k−1)); ${pre === null ? 'no CUPED (no pre-period given)' : "CUPED with each operator's pre-period mean handling time as covariate (operators without one are not adjusted)"}`,
      seed,
      outliers: `handlings longer than maxDuration (${config.aht.maxDurationMs} ms) are left out and counted (over_max_duration); no trimming or winsorising beyond that; median and p90 shown beside the mean; active time leaves out gaps > idleGap (${config.aht.idleGapMs} ms)`,
      equivalence_margin_s: config.aht.equivalenceMarginS,
    },
    cases,
    paths,
  };
}

/** The difference after CUPED with each operator's pre-period mean handling time as the covariate. */
function cupedDifference(caseName: string, legacy: ArmSample, fresh: ArmSample, pre: Sessions, cmp: CompareOptions): AhtCaseReport['cuped'] {
  const sums = new Map<string, { s: number; n: number }>();
  for (const h of pre.handlings) {
    if (h.caseName !== caseName || h.arm === 'mixed' || h.outcome !== 'completed') continue;
    const a = sums.get(h.operatorId) ?? { s: 0, n: 0 };
    a.s += h.durationMs / 1000;
    a.n++;
    sums.set(h.operatorId, a);
  }
  const input = [legacy, fresh].flatMap((arm) =>
    arm.values_s.map((y, i) => {
      const a = sums.get(arm.operators[i]);
      return { y, x: a === undefined ? null : a.s / a.n };
    }),
  );
  const adj = cupedAdjust(input);
  if (adj === null) return null;
  const n = legacy.values_s.length;
  const r = compareArms(
    { values_s: adj.adjusted.slice(0, n), active_s: [], operators: legacy.operators },
    { values_s: adj.adjusted.slice(n), active_s: [], operators: fresh.operators },
    cmp,
  );
  return { ...r.difference, variance_reduction: Math.round(adj.varianceReduction * 10000) / 10000 };
}

/** The canary share of the route serving a case's start screen, when it is in canary (live flag first). */
function canaryShare(start: CasePattern, config: AhtReportConfig, flags: readonly Flag[]): number | null {
  const route = config.routes.find(
    (r) => (r.methods.length === 0 || (start.method !== null && r.methods.includes(start.method))) && shape(r.path) === shape(start.text.split(' ')[1]),
  );
  if (route === undefined) return null;
  const flag = flags.find((f) => f.routeId === route.id);
  const mode = flag?.mode ?? route.mode;
  const percent = flag?.percent ?? route.percent;
  return mode === 'canary' ? percent / 100 : null;
}

/** A pattern with its parameter names blanked, so `/a/:id` and `/a/:inquiryId` compare equal. */
function shape(pattern: string): string {
  return pattern.replace(/\/:[^/]+/g, '/:');
}
