import type { StranglerConfig } from '../config/strangler-config.js';
import type { RequestEvent } from '../model/request-event.js';
import type { Store } from '../store/store.js';
import type { Flag, FlagAudit } from '../model/flag.js';
import type { AhtCaseReport, AhtDay, AhtPathReport, AhtReport } from './aht-report.js';
import type { Handling, Sessions } from './handling.js';
import type { CasePattern } from './case-pattern.js';
import { compileCases, sessionize } from './sessionize.js';
import { sessionizeInStore } from './sql/sessionize-sql.js';
import { compareArms, decide, differenceOf, emptySample, type ArmSample } from './statistics/compare-arms.js';
import { welchT, type OperatorMean } from './statistics/cluster-t.js';
import { benjaminiHochberg } from './statistics/fdr.js';
import { DEFAULT_LOOKS, perLookAlpha } from './statistics/sequential.js';
import { DEFAULT_REOPEN_WITHIN_MS, guardrails } from './statistics/guardrails.js';
import { round, roundP } from './statistics/summary.js';
import { endReasonOf } from './end-reason.js';
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
  /** Kept for the report's `method.seed`; the statistics draw no random numbers. */
  seed?: number;
  /** Live flags (default: the store's, or none for in-process use) to find each case's canary percent. */
  flags?: readonly Flag[];
  /** Flag changes (default: the store's `flag_audit`, or none in-process) for the canary percent per day. */
  flagHistory?: readonly FlagAudit[];
  /**
   * Start of a pre-period (epoch ms; it ends at `preUntilMs`, default `sinceMs`): each operator's mean
   * handling time there is the CUPED covariate. Without it `cuped` is null.
   */
  preSinceMs?: number;
  /** The store read, named in the report (URL, password hidden). */
  store?: string;
  preUntilMs?: number;
  /** Fewest operators per arm for a verdict (default 5). */
  minOperators?: number;
  /** Looks the error rate is spread over (default 28: daily for four weeks). */
  looks?: number;
  /** A case started again within this time after a completed handling's end counts as reopened (default 24 h). */
  reopenWithinMs?: number;
  /** Length of a "day" for the daily series and the advice in days (default 24 h; the demo compresses time). */
  dayMs?: number;
}

/** Default seed reported in `method.seed`. */
export const DEFAULT_SEED = 1;
/** Default fewest operators per arm for a verdict. */
export const DEFAULT_MIN_OPERATORS = 5;

const DAY_MS = 86_400_000;

/** The AHT report from the store: sessionisation runs as SQL where the data lives. */
export async function buildAhtReport(store: Store, config: AhtReportConfig, opts: AhtReportOptions): Promise<AhtReport> {
  const sessions = await sessionizeInStore(store, config.aht.cases, { sinceMs: opts.sinceMs, untilMs: opts.untilMs }, config.aht);
  const pre =
    opts.preSinceMs === undefined
      ? null
      : await sessionizeInStore(store, config.aht.cases, { sinceMs: opts.preSinceMs, untilMs: opts.preUntilMs ?? opts.sinceMs }, config.aht);
  const flags = opts.flags ?? (await store.listFlags());
  const flagHistory = opts.flagHistory ?? (await store.flagHistory());
  return reportFromSessions(sessions, config, { ...opts, flags, flagHistory }, pre);
}

/** The AHT report from events in memory (small data, the demo, tests): the in-process sessionisation. */
export function buildAhtReportFromEvents(events: readonly RequestEvent[], config: AhtReportConfig, opts: AhtReportOptions): AhtReport {
  const until = opts.untilMs ?? Number.MAX_SAFE_INTEGER;
  const inRange = events.filter((e) => e.ts >= opts.sinceMs && e.ts < until);
  const preUntil = opts.preUntilMs ?? opts.sinceMs;
  const pre =
    opts.preSinceMs === undefined
      ? null
      : sessionize(events.filter((e) => e.ts >= (opts.preSinceMs as number) && e.ts < preUntil), config.aht.cases, config.aht);
  return reportFromSessions(sessionize(inRange, config.aht.cases, config.aht), config, opts, pre);
}

/** Statistics over sessionised handlings and dwells (`pre`: the pre-period's, for CUPED). */
export function reportFromSessions(sessions: Sessions, config: AhtReportConfig, opts: AhtReportOptions, pre: Sessions | null = null): AhtReport {
  const seed = opts.seed ?? DEFAULT_SEED;
  const looks = opts.looks ?? DEFAULT_LOOKS;
  const minOperators = opts.minOperators ?? DEFAULT_MIN_OPERATORS;
  const lookAlpha = perLookAlpha(looks);
  const reopenWithinMs = opts.reopenWithinMs ?? config.aht.reopenWithinMs ?? DEFAULT_REOPEN_WITHIN_MS;
  const margin = config.aht.equivalenceMarginS;
  const dayMs = opts.dayMs ?? DAY_MS;
  const cases: AhtCaseReport[] = compileCases(config.aht.cases).map((c) => {
    const all = sessions.handlings.filter((h) => h.caseName === c.name);
    const legacy = emptySample();
    const fresh = emptySample();
    const compared: Handling[] = [];
    let mixed = 0;
    const operatorArm = new Map<string, { legacy: number; new: number }>();
    for (const h of all) {
      if (h.arm === 'mixed') {
        mixed++;
        continue;
      }
      // Abandoned and transferred handlings are not whole work: they feed the guardrails, not the AHT.
      if (endReasonOf(h) !== 'completed') continue;
      compared.push(h);
      const s = h.arm === 'new' ? fresh : legacy;
      s.values_s.push(h.durationMs / 1000);
      s.active_s.push(h.activeMs / 1000);
      s.operators.push(h.operatorId);
      const o = operatorArm.get(h.operatorId) ?? { legacy: 0, new: 0 };
      o[h.arm]++;
      operatorArm.set(h.operatorId, o);
    }
    const period = periodOf(compared, dayMs);
    const r = compareArms(legacy, fresh, { marginS: margin, minOperators, lookAlpha, days: period.days });
    let verdict = r.verdict;
    let reason = r.reason;
    let power = r.power;
    if (period.separate && reason !== 'too-few-operators') {
      verdict = 'inconclusive';
      reason = 'arms-in-different-periods';
      power = null;
    }
    // SRM counts operators (the unit the canary assigns), each on the side that served most of its handlings.
    let opsNew = 0;
    let opsLegacy = 0;
    for (const o of operatorArm.values()) if (o.new > o.legacy) opsNew++;
    else opsLegacy++;
    const share = canaryShare(c.start, config, opts.flags ?? []);
    const route = routeOf(c.start, config);
    return {
      name: c.name,
      arms: r.arms,
      difference: r.difference,
      verdict,
      reason,
      icc: r.icc,
      power,
      days: period.days,
      daily: dailySeries(compared, route === undefined ? null : route, opts.flagHistory ?? [], config, dayMs),
      guardrails: guardrails(all, reopenWithinMs),
      abandoned: sessions.abandoned[c.name] ?? all.filter((h) => endReasonOf(h) === 'abandoned').length,
      transferred: sessions.transferred[c.name] ?? 0,
      mixed,
      over_max_duration: sessions.overMaxDuration[c.name] ?? 0,
      srm: share === null ? null : srmCheck(opsLegacy, opsNew, share),
      cuped: pre === null ? null : cupedDifference(c.name, r.operatorMeans, pre, lookAlpha),
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
  const daysOf = new Map(cases.map((c) => [c.name, c.days]));
  const compared = [...byPath.values()]
    .sort((a, b) => (a.caseName + a.routeId + a.method < b.caseName + b.routeId + b.method ? -1 : 1))
    .map((p) => ({ p, r: compareArms(p.legacy, p.new, { marginS: margin, minOperators, lookAlpha, days: daysOf.get(p.caseName) ?? 1 }) }));
  // Many paths: decide on Benjamini–Hochberg adjusted p-values, so the share of false path claims stays ≤ α.
  const adjusted = benjaminiHochberg(compared.map(({ r }) => r.difference.p_value));
  const paths: AhtPathReport[] = compared.map(({ p, r }, i) => {
    const d = decide(r.welch, adjusted[i], r.arms.legacy.operators, r.arms.new.operators, { minOperators, lookAlpha, marginS: margin });
    return {
      case: p.caseName,
      route_id: p.routeId,
      method: p.method,
      arms: r.arms,
      difference: { ...r.difference, p_value: adjusted[i] === null ? null : roundP(adjusted[i] as number), p_value_raw: r.difference.p_value },
      verdict: d.verdict,
      reason: d.reason,
    };
  });

  const lookPct = formatPercent(lookAlpha);
  return {
    generated_at: new Date().toISOString(),
    since: new Date(opts.sinceMs).toISOString(),
    store: opts.store ?? null,
    until: opts.untilMs === undefined ? null : new Date(opts.untilMs).toISOString(),
    method: {
      test: `Welch's t test on operators' mean durations (each operator weighted once; Welch–Satterthwaite degrees of freedom), two-sided; Mann–Whitney U on the same means shown as a rank-based check`,
      ci: `95% Welch t interval of mean(new operators' means) − mean(legacy operators' means) for a single look; the verdict uses the always-valid ${formatPercent(1 - lookAlpha)} interval (${lookPct} per look); ${pre === null ? 'no CUPED (no pre-period given)' : "CUPED with each operator's pre-period mean handling time as covariate, on operator means (operators without one are not adjusted)"}; no resampling, so no random numbers`,
      seed,
      outliers: `handlings longer than maxDuration (${config.aht.maxDurationMs} ms) are left out and counted (over_max_duration); abandoned, transferred and mixed-arm handlings are left out of the durations and counted in the guardrails; no trimming or winsorising beyond that; median and p90 shown beside the mean; active time leaves out gaps > idleGap (${config.aht.idleGapMs} ms)`,
      equivalence_margin_s: margin,
      unit: `the operator (the canary assigns operators, so one operator's handlings are not independent); with fewer than ${minOperators} operators on either arm the verdict is inconclusive (too-few-operators)`,
      min_operators_per_arm: minOperators,
      sequential: `Bonferroni alpha spending over ${looks} looks: each look tests at α = 0.05 / ${looks} = ${lookPct}, so looking up to ${looks} times (e.g. daily for ${looks} days, on any windows) keeps the chance of any false new-faster or new-slower ≤ 5%`,
      looks,
      multiple_paths: `per-path verdicts use Benjamini–Hochberg adjusted p-values across the ${paths.length} path(s), at the per-look level, so the expected share of false path claims stays ≤ 5%`,
      guardrails: `per arm: abandonment rate (abandoned of all handlings) and reopen rate (completed handlings whose case starts again within ${reopenWithinMs} ms), each with a 95% Wilson interval; new − legacy with a 95% Welch interval on operators' rates; "worse on new" when that interval lies above 0`,
    },
    cases,
    paths,
  };
}

/** Days spanned and whether the arms' handlings lie in separate periods (one arm wholly before the other). */
function periodOf(hs: readonly Handling[], dayMs: number): { days: number; separate: boolean } {
  if (hs.length === 0) return { days: 0, separate: false };
  const span = { legacy: [Infinity, -Infinity], new: [Infinity, -Infinity] };
  let lo = Infinity;
  let hi = -Infinity;
  for (const h of hs) {
    const s = span[h.arm as 'legacy' | 'new'];
    s[0] = Math.min(s[0], h.startTs);
    s[1] = Math.max(s[1], h.startTs);
    lo = Math.min(lo, h.startTs);
    hi = Math.max(hi, h.startTs);
  }
  const both = span.legacy[0] !== Infinity && span.new[0] !== Infinity;
  const separate = both && (span.legacy[1] < span.new[0] || span.new[1] < span.legacy[0]);
  return { days: Math.max(1, Math.ceil((hi - lo) / dayMs)), separate };
}

/**
 * AHT per UTC day per arm, with the canary percent of the case's route at each day's end. With a
 * compressed day (`dayMs` ≠ 24 h) a day is named by its start time.
 */
function dailySeries(hs: readonly Handling[], route: string | null, history: readonly FlagAudit[], config: AhtReportConfig, dayMs: number): AhtDay[] {
  // Keyed by the day's number; named once per day, not once per handling.
  const byNumber = new Map<number, { legacy: { s: number; n: number }; new: { s: number; n: number } }>();
  for (const h of hs) {
    const k = Math.floor(h.startTs / dayMs);
    let d = byNumber.get(k);
    if (d === undefined) byNumber.set(k, (d = { legacy: { s: 0, n: 0 }, new: { s: 0, n: 0 } }));
    const a = d[h.arm as 'legacy' | 'new'];
    a.s += h.durationMs / 1000;
    a.n++;
  }
  const days = new Map<string, { legacy: { s: number; n: number }; new: { s: number; n: number }; end: number }>();
  for (const k of [...byNumber.keys()].sort((a, b) => a - b)) {
    const iso = new Date(k * dayMs).toISOString();
    days.set(dayMs === DAY_MS ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' '), { ...(byNumber.get(k) as { legacy: { s: number; n: number }; new: { s: number; n: number } }), end: (k + 1) * dayMs });
  }
  const changes = route === null ? [] : history.filter((a) => a.routeId === route).sort((a, b) => a.ts - b.ts);
  const configured = route === null ? undefined : config.routes.find((r) => r.id === route);
  const percentAt = (ts: number): number | null => {
    let last: FlagAudit | undefined;
    for (const a of changes) if (a.ts < ts) last = a;
    const mode = last?.to.mode ?? configured?.mode;
    const percent = last?.to.percent ?? configured?.percent;
    if (mode === undefined || percent === undefined) return null;
    return mode === 'new' ? 100 : mode === 'canary' ? percent : 0;
  };
  return [...days.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, d]) => ({
      day,
      legacy: { n: d.legacy.n, mean_s: d.legacy.n === 0 ? null : round(d.legacy.s / d.legacy.n) },
      new: { n: d.new.n, mean_s: d.new.n === 0 ? null : round(d.new.s / d.new.n) },
      canary_percent: percentAt(d.end),
    }));
}

/** The difference after CUPED on operator means, each operator's pre-period mean handling time as the covariate. */
function cupedDifference(
  caseName: string,
  om: { legacy: OperatorMean[]; new: OperatorMean[] },
  pre: Sessions,
  lookAlpha: number,
): AhtCaseReport['cuped'] {
  const sums = new Map<string, { s: number; n: number }>();
  for (const h of pre.handlings) {
    if (h.caseName !== caseName || h.arm === 'mixed' || endReasonOf(h) !== 'completed') continue;
    const a = sums.get(h.operatorId) ?? { s: 0, n: 0 };
    a.s += h.durationMs / 1000;
    a.n++;
    sums.set(h.operatorId, a);
  }
  const input = [...om.legacy, ...om.new].map((o) => {
    const a = sums.get(o.operator);
    return { y: o.mean, x: a === undefined ? null : a.s / a.n };
  });
  const adj = cupedAdjust(input);
  if (adj === null) return null;
  const n = om.legacy.length;
  const a = adj.adjusted.slice(0, n);
  const b = adj.adjusted.slice(n);
  const w = welchT(a, b);
  return {
    ...differenceOf(w, a, b, lookAlpha),
    variance_reduction: Math.round(adj.varianceReduction * 10000) / 10000,
    operators_with_covariate: input.filter((i) => i.x !== null).length,
  };
}

/** The id of the route serving a case's start screen. */
function routeOf(start: CasePattern, config: AhtReportConfig): string | undefined {
  return config.routes.find(
    (r) => (r.methods.length === 0 || (start.method !== null && r.methods.includes(start.method))) && shape(r.path) === shape(start.text.split(' ')[1]),
  )?.id;
}

function formatPercent(x: number): string {
  return `${Number((x * 100).toPrecision(3))}%`;
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
