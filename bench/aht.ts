/**
 * The AHT report over 1,000,000 request events on SQLite and on MariaDB (target ≤ 10 s each on a
 * 2-core machine), with the in-process report on the same events beside them. Insertion is timed
 * separately. Report rounds alternate SQLite / MariaDB / in-process; figures are medians.
 * Run: `npx tsc -p . && node dist/bench/aht.js` (BENCH_QUICK=1 or AHT_BENCH_EVENTS=N for a short run).
 * MariaDB at 127.0.0.1:3306, user root, no password; a database `strangler_aht_bench_<pid>` is created and dropped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConnection } from 'mysql2/promise';
import { openStore, type Store } from '../store/index.js';
import { buildAhtReport, buildAhtReportFromEvents, simulateEvents, SIMULATED_CASE, type AhtReportConfig } from '../aht/index.js';
import type { RequestEvent } from '../store/request-event.js';

/** Options of one bench run. */
export interface AhtBenchOptions {
  events: number;
  rounds: number;
  mysqlUrl: string | null;
}

/** The figures of one run. */
export interface BenchResult {
  name: string;
  figures: Record<string, number>;
  targets: Record<string, { value: number; target: string; met: boolean }>;
}

const CONFIG: AhtReportConfig = {
  aht: { cases: [SIMULATED_CASE], maxDurationMs: 4 * 3600_000, idleGapMs: 300_000, equivalenceMarginS: 5 },
  routes: [],
};

/** Generate, insert, and time the AHT report on each store. */
export async function run(opts: AhtBenchOptions): Promise<BenchResult> {
  // ~4.45 events a handling: enough operators and cases for `opts.events`, then cut to the exact count.
  const handlings = Math.ceil(opts.events / 4.2) + 100;
  const operators = Math.max(20, Math.round(handlings / 200));
  const events = simulateEvents({
    seed: 1,
    operators,
    handlingsPerOperator: Math.ceil(handlings / operators),
    effectS: -20,
    abandonRate: 0.05,
    mixedRate: 0.02,
  }).events.slice(0, opts.events);

  const dir = mkdtempSync(join(tmpdir(), 'aht-bench-'));
  const stores: { name: string; store: Store }[] = [];
  const figures: Record<string, number> = { events: events.length };
  let dropDb: (() => Promise<void>) | null = null;
  try {
    stores.push({ name: 'sqlite', store: await openStore(`sqlite:${join(dir, 'bench.db')}`) });
    if (opts.mysqlUrl !== null) {
      const db = `strangler_aht_bench_${process.pid}`;
      const admin = await createConnection(opts.mysqlUrl);
      await admin.query(`CREATE DATABASE ${db}`);
      dropDb = async () => {
        await admin.query(`DROP DATABASE IF EXISTS ${db}`);
        await admin.end();
      };
      stores.push({ name: 'mariadb', store: await openStore(`${opts.mysqlUrl.replace(/\/[^/]*$/, '')}/${db}`) });
    }
    for (const { name, store } of stores) figures[`${name}_insert_s`] = await time(() => insert(store, events));

    const times: Record<string, number[]> = {};
    let handlingsCounted = 0;
    for (let r = 0; r < opts.rounds; r++) {
      for (const { name, store } of stores) {
        (times[name] ??= []).push(
          await time(async () => {
            const rep = await buildAhtReport(store, CONFIG, { sinceMs: 0 });
            handlingsCounted = rep.cases[0].arms.legacy.n + rep.cases[0].arms.new.n;
          }),
        );
      }
      (times['in_process'] ??= []).push(await time(async () => void buildAhtReportFromEvents(events, CONFIG, { sinceMs: 0 })));
    }
    figures.handlings = handlingsCounted;
    for (const [name, ts] of Object.entries(times)) figures[`${name}_report_s`] = median(ts);
    if (figures.mariadb_report_s !== undefined) figures.mariadb_over_sqlite = figures.mariadb_report_s / figures.sqlite_report_s;
    figures.sqlite_over_in_process = figures.sqlite_report_s / figures.in_process_report_s;
  } finally {
    for (const { store } of stores) await store.close();
    if (dropDb !== null) await dropDb();
    rmSync(dir, { recursive: true, force: true });
  }
  const targets: BenchResult['targets'] = {};
  for (const name of ['sqlite', 'mariadb']) {
    const v = figures[`${name}_report_s`];
    if (v !== undefined) targets[`${name}_report_s`] = { value: v, target: '≤ 10 s for 1,000,000 events', met: v <= 10 };
  }
  return { name: 'aht', figures, targets };
}

async function insert(store: Store, events: RequestEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 5000) await store.insertEvents(events.slice(i, i + 5000));
}

async function time(f: () => Promise<void>): Promise<number> {
  const t = process.hrtime.bigint();
  await f();
  return Math.round(Number(process.hrtime.bigint() - t) / 1e6) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const quick = process.env.BENCH_QUICK === '1';
  const result = await run({
    events: Number(process.env.AHT_BENCH_EVENTS ?? (quick ? 100_000 : 1_000_000)),
    rounds: quick ? 1 : 3,
    mysqlUrl: process.env.AHT_BENCH_MYSQL === 'off' ? null : (process.env.AHT_BENCH_MYSQL ?? 'mysql://root@127.0.0.1:3306/test'),
  });
  console.log(JSON.stringify(result, null, 2));
}
