/**
 * The AHT report over 1,000,000 request events on SQLite and on MariaDB (target ≤ 10 s each on a
 * 2-core machine), with the in-process report on the same events beside them. Insertion is timed
 * separately. Report rounds alternate SQLite / MariaDB / in-process; figures are medians.
 * Run: `npx tsc -p . && node dist/bench/aht.js` (BENCH_QUICK=1 or AHT_BENCH_EVENTS=N for a short run).
 * The loaded events are kept (SQLite file under AHT_BENCH_DIR, default the OS temp dir; MariaDB database
 * `strangler_aht_bench_<events>` at 127.0.0.1:3306, user root) and reused while their row count and
 * fingerprint match the generated events; AHT_BENCH_FRESH=1 reloads, AHT_BENCH_CLEAN=1 drops them after.
 * `events import` of the same events from an NDJSON file into a fresh SQLite store is timed too
 * (target ≥ 50,000 events/s; AHT_BENCH_IMPORT=off skips it).
 */
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createConnection } from 'mysql2/promise';
import { openStore, type Store } from '../store/index.js';
import { sessionizeInStore, reportFromSessions, buildAhtReportFromEvents, simulateEvents, importEventsFile, SIMULATED_CASE, type AhtReportConfig } from '../aht/index.js';
import type { RequestEvent } from '../model/request-event.js';

/** Options of one bench run. */
export interface AhtBenchOptions {
  events: number;
  rounds: number;
  mysqlUrl: string | null;
  /** Where the SQLite file is kept between runs (default: the OS temp dir). */
  dir?: string;
  /** Reload even when a kept dataset matches. */
  fresh?: boolean;
  /** Drop the kept datasets at the end. */
  clean?: boolean;
  /** Time `events import` of the same events from an NDJSON file into a fresh SQLite store (default true). */
  importTimed?: boolean;
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

  const dir = opts.dir ?? join(tmpdir(), 'strangler-aht-bench');
  mkdirSync(dir, { recursive: true });
  const sqliteFile = join(dir, `events-${events.length}.db`);
  const stores: { name: string; store: Store }[] = [];
  const figures: Record<string, number> = { events: events.length };
  const want = fingerprintOf(events);
  let dropDb: (() => Promise<void>) | null = null;
  try {
    if (opts.fresh === true) rmSync(sqliteFile, { force: true });
    // No writer thread: the load is one transaction on this connection.
    const sqlite = await openStore(`sqlite:${sqliteFile}`, { writerThread: false });
    stores.push({ name: 'sqlite', store: sqlite });
    if (await matches(sqlite, want)) figures.sqlite_insert_s = 0;
    else {
      await sqlite.close();
      rmSync(sqliteFile, { force: true });
      stores[0].store = await openStore(`sqlite:${sqliteFile}`, { writerThread: false });
      figures.sqlite_insert_s = await time(() => stores[0].store.insertEvents(events));
    }
    if (opts.mysqlUrl !== null) {
      const db = `strangler_aht_bench_${events.length}`;
      const server = opts.mysqlUrl.replace(/\/[^/]*$/, '');
      const admin = await createConnection(opts.mysqlUrl);
      if (opts.fresh === true) await admin.query(`DROP DATABASE IF EXISTS ${db}`);
      await admin.query(`CREATE DATABASE IF NOT EXISTS ${db}`);
      dropDb = async () => {
        if (opts.clean === true) await admin.query(`DROP DATABASE IF EXISTS ${db}`);
        await admin.end();
      };
      let maria = await openStore(`${server}/${db}`);
      if (await matches(maria, want)) figures.mariadb_insert_s = 0;
      else {
        await maria.close();
        await admin.query(`DROP DATABASE ${db}`);
        await admin.query(`CREATE DATABASE ${db}`);
        maria = await openStore(`${server}/${db}`);
        figures.mariadb_insert_s = await time(() => loadDataInfile(`${server}/${db}`, events));
      }
      stores.push({ name: 'mariadb', store: maria });
    }

    const times: Record<string, number[]> = {};
    // The figures are wall clock on a shared 2-core machine: record how busy it was.
    figures.load_avg_1m_before = Math.round(loadavg()[0] * 100) / 100;
    let handlingsCounted = 0;
    for (let r = 0; r < opts.rounds; r++) {
      for (const { name, store } of stores) {
        (times[name] ??= []).push(
          await time(async () => {
            // buildAhtReport in its two phases, timed apart: the SQL sessionisation and the statistics.
            const t0 = process.hrtime.bigint();
            const sessions = await sessionizeInStore(store, CONFIG.aht.cases, { sinceMs: 0 }, CONFIG.aht);
            const t1 = process.hrtime.bigint();
            const rep = reportFromSessions(sessions, CONFIG, { sinceMs: 0, flags: await store.listFlags() });
            (times[`${name}_sql`] ??= []).push(Number(t1 - t0) / 1e9);
            (times[`${name}_statistics`] ??= []).push(Number(process.hrtime.bigint() - t1) / 1e9);
            handlingsCounted = rep.cases[0].arms.legacy.n + rep.cases[0].arms.new.n;
          }),
        );
      }
      (times['in_process'] ??= []).push(await time(async () => void buildAhtReportFromEvents(events, CONFIG, { sinceMs: 0 })));
    }
    figures.handlings = handlingsCounted;
    if (opts.importTimed !== false) Object.assign(figures, await timeImport(events, dir));
    figures.load_avg_1m_after = Math.round(loadavg()[0] * 100) / 100;
    for (const [name, ts] of Object.entries(times)) figures[`${name}${name.endsWith('_sql') || name.endsWith('_statistics') ? '_s' : '_report_s'}`] = Math.round(median(ts) * 1000) / 1000;
    if (figures.mariadb_report_s !== undefined) figures.mariadb_over_sqlite = figures.mariadb_report_s / figures.sqlite_report_s;
    figures.sqlite_over_in_process = figures.sqlite_report_s / figures.in_process_report_s;
  } finally {
    for (const { store } of stores) await store.close();
    if (dropDb !== null) await dropDb();
    if (opts.clean === true) for (const f of [sqliteFile, `${sqliteFile}-wal`, `${sqliteFile}-shm`]) rmSync(f, { force: true });
  }
  const targets: BenchResult['targets'] = {};
  for (const name of ['sqlite', 'mariadb']) {
    const v = figures[`${name}_report_s`];
    if (v !== undefined) targets[`${name}_report_s`] = { value: v, target: '≤ 10 s for 1,000,000 events', met: v <= 10 };
  }
  if (figures.import_events_per_s !== undefined) {
    targets.import_events_per_s = { value: figures.import_events_per_s, target: '≥ 50,000 events/s', met: figures.import_events_per_s >= 50_000 };
  }
  return { name: 'aht', figures, targets };
}

interface Fingerprint {
  n: number;
  /** Sum of ts modulo a prime: exact as a double in SQLite and Node alike. */
  tsMod: number;
  newCount: number;
  pathChars: number;
}

/** Row count, sum of ts mod 1,000,003, requests served by new and path characters: a kept dataset must match all four. */
function fingerprintOf(events: readonly RequestEvent[]): Fingerprint {
  let tsMod = 0;
  let newCount = 0;
  let pathChars = 0;
  for (const e of events) {
    tsMod += e.ts % 1_000_003;
    if (e.servedBy === 'new') newCount++;
    pathChars += e.path.length;
  }
  return { n: events.length, tsMod, newCount, pathChars };
}

async function matches(store: Store, want: Fingerprint): Promise<boolean> {
  const [r] = await store.query<Record<string, unknown>>(
    "SELECT COUNT(*) AS n, SUM(ts % 1000003) AS s, SUM(CASE WHEN served_by = 'new' THEN 1 ELSE 0 END) AS nn, SUM(LENGTH(path)) AS pc FROM request_events",
  );
  return Number(r.n) === want.n && Number(r.s) === want.tsMod && Number(r.nn) === want.newCount && Number(r.pc) === want.pathChars;
}

const COLUMNS = ['id', 'ts', 'operator_id', 'case_id', 'method', 'route_id', 'path', 'status', 'latency_ms', 'served_by', 'arm', 'fallback', 'instance'];

/** MariaDB bulk load: LOAD DATA LOCAL INFILE from a generated tab-separated stream, one transaction. */
async function loadDataInfile(url: string, events: readonly RequestEvent[]): Promise<void> {
  const field = (v: unknown): string => (v === null ? '\\N' : String(v).replace(/[\\\t\n]/g, (c) => (c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\\\')));
  function* lines(): Generator<Buffer> {
    for (let i = 0; i < events.length; i += 10_000) {
      let chunk = '';
      for (const e of events.slice(i, i + 10_000)) {
        const v = [e.id, e.ts, e.operatorId, e.caseId, e.method, e.routeId, e.path, e.status, e.latencyMs, e.servedBy, e.arm, e.fallback ? 1 : 0, e.instance];
        chunk += v.map(field).join('\t') + '\n';
      }
      yield Buffer.from(chunk);
    }
  }
  const conn = await createConnection({ uri: url, infileStreamFactory: () => Readable.from(lines()) });
  try {
    await conn.query('SET SESSION unique_checks = 0');
    await conn.beginTransaction();
    await conn.query(`LOAD DATA LOCAL INFILE 'events.tsv' INTO TABLE request_events (${COLUMNS.join(', ')})`);
    await conn.commit();
  } finally {
    await conn.end();
  }
}

/** `strangler events import` of the events as an NDJSON file into a fresh SQLite store: seconds and events/s. */
async function timeImport(events: readonly RequestEvent[], dir: string): Promise<Record<string, number>> {
  const file = join(dir, `import-${events.length}.ndjson`);
  const db = join(dir, `import-${events.length}.db`);
  const out = createWriteStream(file);
  for (let i = 0; i < events.length; i += 10_000) {
    let chunk = '';
    for (const e of events.slice(i, i + 10_000)) {
      chunk += `${JSON.stringify({ ts: new Date(e.ts).toISOString(), operator_id: e.operatorId, method: e.method, path: e.path, status: e.status, latency_ms: e.latencyMs, served_by: e.servedBy })}\n`;
    }
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  const figures: Record<string, number> = {};
  try {
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    const store = await openStore(`sqlite:${db}`);
    try {
      let added = 0;
      const cpu = process.cpuUsage();
      figures.import_s = await time(async () => {
        added = (await importEventsFile(store, file, CONFIG_WITH_ROUTES, { format: 'ndjson' })).added;
      });
      const used = process.cpuUsage(cpu);
      // CPU seconds of this process (parse, derive and the SQLite insert all run here): on a busy machine
      // the wall clock measures the queue for a core, the CPU time what one free core would take.
      figures.import_cpu_s = Math.round((used.user + used.system) / 1000) / 1000;
      figures.import_events = added;
      figures.import_events_per_s = Math.round(added / figures.import_s);
      figures.import_events_per_cpu_s = Math.round(added / figures.import_cpu_s);
    } finally {
      await store.close();
    }
  } finally {
    for (const f of [file, db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  }
  return figures;
}

/** The bench config with the routes an import derives route ids from (as a real config would have). */
const CONFIG_WITH_ROUTES: AhtReportConfig = {
  ...CONFIG,
  routes: ['inquiry:/api/inquiries/:id', 'inquiry-history:/api/inquiries/:id/history', 'inquiry-customer:/api/inquiries/:id/customer', 'inquiry-note:/api/inquiries/:id/notes', 'inquiry-reply:/api/inquiries/:id/reply'].map((r) => {
    const [id, path] = r.split(':/');
    return { id, methods: [], path: `/${path}`, mode: 'legacy', percent: 0, sample: 0, noise: 0, adapter: null, group: id, timeoutMs: null, compare: {} } as unknown as AhtReportConfig['routes'][number];
  }),
};

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
    rounds: Number(process.env.AHT_BENCH_ROUNDS ?? (quick ? 1 : 3)),
    mysqlUrl: process.env.AHT_BENCH_MYSQL === 'off' ? null : (process.env.AHT_BENCH_MYSQL ?? 'mysql://root@127.0.0.1:3306/test'),
    dir: process.env.AHT_BENCH_DIR,
    fresh: process.env.AHT_BENCH_FRESH === '1',
    clean: process.env.AHT_BENCH_CLEAN === '1',
    importTimed: process.env.AHT_BENCH_IMPORT !== 'off',
  });
  console.log(JSON.stringify(result, null, 2));
}
