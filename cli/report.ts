import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { buildAhtReport, eventsAroundWindow } from '../aht/index.js';
import type { AhtReportConfig } from '../aht/index.js';
import { resolveGate } from '../flags/index.js';
import { buildDiffReport, parseReportFormat, renderAhtReport, renderDiffReport } from '../reports/index.js';
import type { ReportFormat } from '../reports/index.js';
import { parseDuration } from '../store/index.js';
import { openCliStore, reportCliError, withStoreOptions } from './store-target.js';
import type { StoreTargetOptions } from './store-target.js';

/** Newest shadow results a diff report reads by default (the report is built in memory). */
const DEFAULT_RESULT_LIMIT = 100_000;

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
      .option('--since <duration>', 'handlings from this far back, e.g. 7d', '7d')
      .option('--format <format>', 'json, md or html', 'md')
      .option('--out <file>', 'write to a file instead of standard output')
      .option('--seed <n>', 'bootstrap seed (the same data and seed give the same report)')
      .option('--think-times-shared', 'say in the report that think times come from one distribution for both arms (simulations)'),
  ).action(async (opts: ReportOptions & { seed?: string; thinkTimesShared?: boolean }) => {
    try {
      const format: ReportFormat = parseReportFormat(opts.format);
      const { store, config, storeName } = await openCliStore(opts, { readOnly: true });
      try {
        if (config === null || config.aht.cases.length === 0) process.stderr.write('no AHT case types configured: pass --config with aht.cases\n');
        const ahtConfig: AhtReportConfig = config ?? {
          routes: [],
          aht: { cases: [], maxDurationMs: 4 * 3_600_000, idleGapMs: 300_000, equivalenceMarginS: 5 },
        };
        const since = opts.since ?? '7d';
        const now = Date.now();
        const sinceMs = now - parseDuration(since);
        const built = await buildAhtReport(store, ahtConfig, {
          sinceMs,
          untilMs: now,
          store: storeName,
          ...(opts.seed !== undefined ? { seed: Number(opts.seed) } : {}),
        });
        const handlings = built.cases.reduce((n, c) => n + c.arms.legacy.n + c.arms.new.n + c.mixed + c.abandoned + c.transferred + c.over_max_duration, 0);
        if (handlings === 0 && ahtConfig.aht.cases.length > 0) {
          // An empty window is not a result: say why, write no report, exit 1.
          const around = await eventsAroundWindow(store, { sinceMs, untilMs: now });
          const inside = around.inside > 0 ? ` (${around.inside} events inside it open no case of aht.cases)` : '';
          process.stderr.write(
            `no handlings between ${new Date(sinceMs).toISOString()} and ${new Date(now).toISOString()}; ${around.outside} events outside the window${inside} (store ${storeName})\n`,
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
