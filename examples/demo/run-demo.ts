import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { loadConfig, type StranglerConfig } from '../../config/index.js';
import { startStrangler, createLogDestination } from '../../runtime/index.js';
import { startSampleStack } from '../sample-stack/index.js';
import { exampleAdapters } from '../adapters/index.js';
import { buildDiffReport, renderDiffReport, renderAhtReport, type DiffReport } from '../../reports/index.js';
import { buildAhtReport, type AhtReport } from '../../aht/index.js';
import { driveOperators, type OperatorStats } from './operators.js';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  durationS: number;
  outDir: string;
  operators?: number;
  /** Median think time of the simulated operators, ms. */
  thinkMedianMs?: number;
  /** Progress and summary lines (the CLI prints them). */
  print(line: string): void;
  /** Aborting stops the operators early; the reports are still written. */
  signal?: AbortSignal;
}

/** What the demo produced. */
export interface DemoResult {
  outDir: string;
  files: string[];
  operators: OperatorStats;
  diff: DiffReport;
  aht: AhtReport;
  dashboardUrl: string;
}

/**
 * The whole loop on the sample stack: the legacy CS tool and the GraphQL service over one seeded SQLite
 * file, the proxy in front (embedded SQLite store in `outDir`), routes in shadow, canary and new, simulated
 * operators handling cases, then the diff and AHT reports in HTML, Markdown and JSON.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  // A fresh store each run, so the reports speak of this run only.
  for (const f of ['strangler.db', 'strangler.db-wal', 'strangler.db-shm']) rmSync(join(outDir, f), { force: true });
  const logFile = join(outDir, 'proxy.log');
  // The same batched destination as `serve`: closed in order at the end, so proxy.log is whole when the demo returns.
  const logDestination = createLogDestination(logFile);
  const logger = pino({ level: 'info' }, logDestination.stream);

  const stack = await startSampleStack({ dbFile: join(outDir, 'sample-cs.db') });
  const token = randomBytes(18).toString('base64url');
  let running: Awaited<ReturnType<typeof startStrangler>> | null = null;
  try {
    const config = demoConfig({ legacyUrl: stack.legacy.url, graphqlUrl: stack.graphql.url, schemaFile: stack.schemaFile, outDir, token });
    running = await startStrangler(config, { logger, builtInAdapters: exampleAdapters, builtInAdaptersModule: new URL('../adapters/index.js', import.meta.url).href });
    const proxyUrl = `http://127.0.0.1:${running.proxy.port}`;
    const dashboardUrl = `http://127.0.0.1:${running.proxy.adminPort}/dashboard/`;
    options.print(`legacy CS tool   ${stack.legacy.url}`);
    options.print(`GraphQL service  ${stack.graphql.url}`);
    options.print(`proxy            ${proxyUrl}   (the legacy UI: ${proxyUrl}/)`);
    options.print(`dashboard        ${dashboardUrl}   token: ${token}`);
    options.print(`routes: inquiry-list shadow · inquiry-detail/item/reply canary 50% (one group) · user new · hide-item shadow (dry-run writes)`);

    const started = Date.now();
    const stop = new AbortController();
    const onOuterAbort = () => stop.abort(new Error('stopped'));
    options.signal?.addEventListener('abort', onOuterAbort, { once: true });
    const timer = setTimeout(() => stop.abort(new Error('time is up')), options.durationS * 1000);
    const operators = driveOperators({
      proxyUrl,
      operators: options.operators ?? 20,
      thinkMedianMs: options.thinkMedianMs ?? 250,
      inquiries: stack.seeded?.inquiries ?? 300,
      seed: 7,
      signal: stop.signal,
    });
    const progress = setInterval(() => {
      const w = running!.writer.stats();
      const elapsed = Math.round((Date.now() - started) / 1000);
      options.print(`  ${elapsed}s/${options.durationS}s  events written ${w.written}  buffered ${w.buffered}`);
    }, 5000);
    let stats: OperatorStats;
    try {
      stats = await operators;
    } finally {
      clearInterval(progress);
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onOuterAbort);
    }

    // Let in-flight shadow comparisons finish and every buffered row reach the store before reporting.
    await running.shadow?.runner.idle();
    await running.writer.flush();
    const store = running.store;
    const flags = await store.listFlags();
    const results = await store.shadowResults({ sinceMs: started - 1000 });
    const generatedAt = new Date().toISOString();
    const diff = buildDiffReport(results, { flags, gateThresholds: config.gate, generatedAt, since: new Date(started).toISOString() });
    // Compressed time: the run is cut into seven "days", so the daily series and the advice in days show.
    const dayMs = Math.max(1000, Math.round((options.durationS * 1000) / 7));
    const aht = await buildAhtReport(store, config, { sinceMs: started - 1000, flags, dayMs });
    const files: string[] = [];
    for (const format of ['html', 'md', 'json'] as const) {
      const diffFile = join(outDir, `diff-report.${format}`);
      writeFileSync(diffFile, renderDiffReport(diff, format));
      const ahtFile = join(outDir, `aht-report.${format}`);
      writeFileSync(ahtFile, renderAhtReport(aht, format, { thinkTimesShared: true }));
      files.push(diffFile, ahtFile);
    }
    return { outDir, files, operators: stats, diff, aht, dashboardUrl };
  } finally {
    await running?.close();
    await stack.close();
    await logDestination.close();
  }
}

/** The demo's configuration, validated like any config file. */
function demoConfig(p: { legacyUrl: string; graphqlUrl: string; schemaFile: string; outDir: string; token: string }): StranglerConfig {
  const canary = (id: string, methods: string[], path: string, adapter: string) => ({
    id, methods, path, adapter, mode: 'canary', percent: 50, sample: 1, group: 'inquiry-case',
  });
  return loadConfig({
    overrides: {
      instance: 'demo',
      legacy: { url: p.legacyUrl },
      server: { host: '127.0.0.1', port: 0 },
      admin: { host: '127.0.0.1', port: 0, tokens: [{ name: 'demo', token: p.token }] },
      candidate: { url: p.graphqlUrl, schema: { from: 'sdl', file: p.schemaFile } },
      operator: { from: 'header', header: 'x-operator-id' },
      store: { url: `sqlite:${join(p.outDir, 'strangler.db')}`, flushIntervalMs: 250 },
      flags: { pollIntervalMs: 1000 },
      gate: { minSamples: 20 },
      routes: [
        { id: 'inquiry-list', methods: ['GET'], path: '/api/inquiries', adapter: 'inquiry-list', mode: 'shadow', sample: 1, noise: 0.2, keepQuery: ['status', 'page', 'per_page'] },
        canary('inquiry-detail', ['GET'], '/api/inquiries/:id', 'inquiry-detail'),
        canary('item', ['GET'], '/api/items/:id', 'item'),
        {
          ...canary('reply', ['POST'], '/api/inquiries/:id/reply', 'reply-to-inquiry'),
          // The dry run executes after legacy's insert committed to the shared data, so it would get the next id.
          compare: { generated: ['$.data.message_id'] },
        },
        { id: 'user', methods: ['GET'], path: '/api/users/:id', adapter: 'user', mode: 'new' },
        { id: 'hide-item', methods: ['POST'], path: '/api/items/:id/hide', adapter: 'hide-item', mode: 'shadow', sample: 1 },
      ],
      aht: {
        cases: [{ name: 'inquiry', start: 'GET /api/inquiries/:id', end: ['POST /api/inquiries/:id/reply'], param: 'id' }],
        equivalenceMarginS: 0.5,
      },
    },
  });
}
