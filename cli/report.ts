import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { buildAhtReport, eventsAroundWindow } from '../aht/index.js';
import type { AhtReportConfig, AhtReportOptions } from '../aht/index.js';
import { resolveGate } from '../flags/index.js';
import { buildDiffReport, parseReportFormat, parseReportTime, renderAhtReport, renderDiffReport, RPT_ERR_BAD_PERIOD } from '../reports/index.js';
import type { ReportFormat } from '../reports/index.js';
import { parseDuration } from '../store/index.js';
import { openCliStore, reportCliError, withStoreOptions } from './store-target.js';
import type { StoreTargetOptions } from './store-target.js';

/** Newest shadow results a diff report reads by default (the report is built in memory). */
const DEFAULT_RESULT_LIMIT = 100_000;

interface AhtCliOptions {
  until?: string;
  prePeriod?: string;
  preSince?: string;
  preUntil?: string;
  minOperators: string;
  looks: string;
  reopenWithin?: string;
  seed?: string;
  thinkTimesShared?: boolean;
}

/** The AHT report's window, pre-period and settings from the command line, checked. */
function ahtWindow(opts: ReportOptions & AhtCliOptions, now: number): AhtReportOptions {
  const sinceMs = parseReportTime('--since', opts.since ?? '7d', now);
  const untilMs = opts.until === undefined ? undefined : parseReportTime('--until', opts.until, now);
  if (untilMs !== undefined && untilMs <= sinceMs) throw new RPT_ERR_BAD_PERIOD('--since must be before --until');
  if (opts.prePeriod !== undefined && opts.preSince !== undefined) throw new RPT_ERR_BAD_PERIOD('give --pre-period or --pre-since, not both');
  let preSinceMs: number | undefined;
  let preUntilMs: number | undefined;
  if (opts.prePeriod !== undefined) preSinceMs = sinceMs - parseDuration(opts.prePeriod);
  if (opts.preSince !== undefined) {
    preSinceMs = parseReportTime('--pre-since', opts.preSince, now);
    preUntilMs = opts.preUntil === undefined ? sinceMs : parseReportTime('--pre-until', opts.preUntil, now);
    if (preUntilMs <= preSinceMs) throw new RPT_ERR_BAD_PERIOD('--pre-since must be before --pre-until');
    if (preUntilMs > sinceMs) throw new RPT_ERR_BAD_PERIOD('the pre-period must end by --since');
  } else if (opts.preUntil !== undefined) throw new RPT_ERR_BAD_PERIOD('--pre-until needs --pre-since');
  const minOperators = Number(opts.minOperators);
  if (!Number.isInteger(minOperators) || minOperators < 2) throw new RPT_ERR_BAD_PERIOD('--min-operators must be a whole number ≥ 2');
  const looks = Number(opts.looks);
  if (!Number.isInteger(looks) || looks < 1) throw new RPT_ERR_BAD_PERIOD('--looks must be a whole number ≥ 1');
  return {
    sinceMs,
    ...(untilMs !== undefined ? { untilMs } : {}),
    ...(preSinceMs !== undefined ? { preSinceMs } : {}),
    ...(preUntilMs !== undefined ? { preUntilMs } : {}),
    minOperators,
    looks,
    ...(opts.reopenWithin !== undefined ? { reopenWithinMs: parseDuration(opts.reopenWithin) } : {}),
  };
}

interface ReportOptions extends StoreTargetOptions {
  format: string;
  out?: string;
  since?: string;
}

function emit(text: string, out: string | undefined): void {
  if (out === undefined) {
    process.stdout.write(text);
    return;
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  process.stderr.write(`wrote ${out}\n`);
}

/** `strangler report diff|aht`: the shadow diff report and the AHT report as JSON, Markdown or self-contained HTML. */
export function register(program: Command): void {
  const report = program.command('report').description('write the shadow diff report or the AHT report (json, md, html)');

  withStoreOptions(
    report.command('diff')
      .description('per route: samples, match rate after noise, errors, latency, gate verdict, top differing paths, noise, dry-run writes')
      .option('--route <id>', 'only this route')
      .option('--since <duration>', 'results from this far back, e.g. 24h (default: the gate window)')
      .option('--format <format>', 'json, md or html', 'md')
      .option('--out <file>', 'write to a file instead of standard output')
      .option('--limit <n>', 'newest results read at most', String(DEFAULT_RESULT_LIMIT)),
  ).action(async (opts: ReportOptions & { route?: string; limit: string }) => {
    try {
      const format: ReportFormat = parseReportFormat(opts.format);
      const { store, config, storeName } = await openCliStore(opts, { readOnly: true });
      try {
        // The gate verdicts are the server's: its stored thresholds over its window, whatever --since says.
        const { options: gate, notes } = await resolveGate(store, config?.gate ?? null);
        const now = Date.now();
        const sinceMs = now - (opts.since !== undefined ? parseDuration(opts.since) : gate.windowMs);
        const gateSinceMs = now - gate.windowMs;
        const results = await store.shadowResults({ sinceMs: Math.min(sinceMs, gateSinceMs), routeId: opts.route, limit: Number(opts.limit) });
        const flags = (await store.listFlags()).filter((f) => opts.route === undefined || f.routeId === opts.route);
        const built = buildDiffReport(results, {
          flags,
          gateThresholds: { minSamples: gate.minSamples, minMatch: gate.minMatch, maxErrorRate: gate.maxErrorRate },
          generatedAt: new Date(now).toISOString(),
          since: new Date(sinceMs).toISOString(),
          sinceMs,
          gateSinceMs,
          store: storeName,
        });
        for (const n of notes) process.stderr.write(`note: ${n}\n`);
        emit(renderDiffReport(built, format), opts.out);
      } finally {
        await store.close();
      }
    } catch (err) {
      reportCliError(err);
    }
  });

  withStoreOptions(
    report.command('aht')
      .description('handling time per case type and path, legacy against new, with intervals and charts')
      .option('--since <time>', 'handlings from this far back (7d) or this date (2026-11-01)', '7d')
      .option('--until <time>', 'handlings before this time: a duration back from now or a date (default: now)')
      .option('--pre-period <duration>', "CUPED: each operator's AHT over this long before --since is the covariate, e.g. 14d")
      .option('--pre-since <time>', 'CUPED pre-period start (a date or duration back); with --pre-until, instead of --pre-period')
      .option('--pre-until <time>', 'CUPED pre-period end (default: --since)')
      .option('--min-operators <n>', 'fewest operators per arm for a verdict (below: inconclusive, too-few-operators)', '5')
      .option('--looks <n>', 'looks the error rate is spread over (a daily look for n days keeps new-faster at 5 %)', '28')
      .option('--reopen-within <duration>', 'a case started again within this time after its end counts as reopened (default: aht.reopenWithin, else 24h)')
      .option('--format <format>', 'json, md or html', 'md')
      .option('--out <file>', 'write to a file instead of standard output')
      .option('--seed <n>', 'the seed named in the report (the statistics draw no random numbers)')
      .option('--think-times-shared', 'say in the report that think times come from one distribution for both arms (simulations)'),
  ).action(async (opts: ReportOptions & AhtCliOptions) => {
    try {
      const format: ReportFormat = parseReportFormat(opts.format);
      const window = ahtWindow(opts, Date.now());
      const { store, config, storeName } = await openCliStore(opts, { readOnly: true });
      try {
        if (config === null || config.aht.cases.length === 0) process.stderr.write('no AHT case types configured: pass --config with aht.cases\n');
        const ahtConfig: AhtReportConfig = config ?? {
          routes: [],
          aht: { cases: [], maxDurationMs: 4 * 3_600_000, idleGapMs: 300_000, equivalenceMarginS: 5 },
        };
        const now = Date.now();
        const sinceMs = window.sinceMs ?? now - 7 * 86_400_000;
        const untilMs = window.untilMs ?? now;
        const built = await buildAhtReport(store, ahtConfig, {
          ...window,
          store: storeName,
          ...(opts.seed !== undefined ? { seed: Number(opts.seed) } : {}),
        });
        const handlings = built.cases.reduce((n, c) => n + c.arms.legacy.n + c.arms.new.n + c.mixed + c.abandoned + c.transferred + c.over_max_duration, 0);
        if (handlings === 0 && ahtConfig.aht.cases.length > 0) {
          // An empty window is not a result: say why, write no report, exit 1.
          const around = await eventsAroundWindow(store, { sinceMs, untilMs });
          const inside = around.inside > 0 ? ` (${around.inside} events inside it open no case of aht.cases)` : '';
          process.stderr.write(
            `no handlings between ${new Date(sinceMs).toISOString()} and ${new Date(untilMs).toISOString()}; ${around.outside} events outside the window${inside} (store ${storeName})\n`,
          );
          process.exitCode = 1;
          return;
        }
        emit(renderAhtReport(built, format, { thinkTimesShared: opts.thinkTimesShared === true }), opts.out);
      } finally {
        await store.close();
      }
    } catch (err) {
      reportCliError(err);
    }
  });
}
