/**
 * The batch writer against one insert per event, on SQLite and on the machine's MariaDB, in the same run:
 * events written per second from push() to acknowledged, rounds alternating batched / single, medians.
 * Run: `npx tsc -p . && node dist/bench/store.js` (BENCH_QUICK=1 for a short run; STRANGLER_BENCH_MYSQL
 * to name another MySQL server URL without database, default mysql://root:@127.0.0.1:3306).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { createBatchWriter, openStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import type { RequestEvent } from '../model/index.js';

/** Options of one bench run. */
export interface StoreBenchOptions {
  /** Alternating rounds (default 5). */
  rounds: number;
  /** Events per round (default 5000). */
  events: number;
  /** MySQL server URL without a database; null skips MySQL. */
  mysqlUrl: string | null;
}

/** The figures of one run. */
export interface BenchResult {
  name: string;
  figures: Record<string, number>;
  targets: Record<string, { value: number; target: string; met: boolean }>;
}

let n = 0;
function event(): RequestEvent {
  n++;
  return {
    id: `bench-${process.pid}-${n}`, ts: Date.now(), operatorId: `op-${n % 50}`, caseId: `c-${n % 700}`, method: 'GET',
    routeId: 'inquiry', path: `/api/inquiries/${n % 700}`, status: 200, latencyMs: 12.3, servedBy: 'legacy',
    arm: 'legacy', fallback: false, instance: 'bench:1',
  };
}

async function rate(store: Store, count: number, batchSize: number): Promise<number> {
  const w = createBatchWriter(store, { batchSize, flushIntervalMs: 5, maxBuffer: count + 1 });
  const t0 = performance.now();
  for (let i = 0; i < count; i++) w.push(event());
  await w.close();
  const s = (performance.now() - t0) / 1000;
  if (w.stats().written !== count) throw new Error(`bench lost rows: ${JSON.stringify(w.stats())}`);
  return count / s;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Run the bench and return its figures. */
export async function run(opts: Partial<StoreBenchOptions> = {}): Promise<BenchResult> {
  const o: StoreBenchOptions = { rounds: 5, events: 5000, mysqlUrl: 'mysql://root:@127.0.0.1:3306', ...opts };
  const figures: Record<string, number> = {};
  const targets: BenchResult['targets'] = {};
  const dir = mkdtempSync(join(tmpdir(), 'strangler-bench-'));
  const dbName = `strangler_bench_${process.pid}`;
  const targetsList: { name: string; url: string; singles: number }[] = [
    { name: 'sqlite', url: `sqlite:${join(dir, 'bench.db')}`, singles: o.events },
  ];
  if (o.mysqlUrl !== null) {
    const admin = await mysql.createConnection(o.mysqlUrl);
    await admin.query(`CREATE DATABASE IF NOT EXISTS \`${dbName}\``);
    await admin.end();
    // One round trip per row is slow on MySQL: fewer rows keep the round short; rates stay comparable.
    targetsList.push({ name: 'mysql', url: `${o.mysqlUrl}/${dbName}`, singles: Math.max(200, Math.floor(o.events / 10)) });
  }
  try {
    for (const t of targetsList) {
      const store = await openStore(t.url);
      const batched: number[] = [];
      const single: number[] = [];
      for (let r = 0; r < o.rounds; r++) {
        batched.push(await rate(store, o.events, 500));
        single.push(await rate(store, t.singles, 1));
      }
      await store.close();
      figures[`${t.name}_batched_events_s`] = Math.round(median(batched));
      figures[`${t.name}_single_events_s`] = Math.round(median(single));
      const ratio = Math.round((median(batched) / median(single)) * 100) / 100;
      figures[`${t.name}_batched_vs_single_ratio`] = ratio;
      targets[`${t.name}_batched_vs_single_ratio`] = { value: ratio, target: '≥ 5', met: ratio >= 5 };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (o.mysqlUrl !== null) {
      const admin = await mysql.createConnection(o.mysqlUrl);
      await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
      await admin.end();
    }
  }
  return { name: 'store', figures, targets };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const quick = process.env.BENCH_QUICK === '1';
  const mysqlUrl = process.env.STRANGLER_BENCH_MYSQL ?? 'mysql://root:@127.0.0.1:3306';
  const result = await run(quick ? { rounds: 3, events: 2000, mysqlUrl } : { mysqlUrl });
  for (const [k, v] of Object.entries(result.figures)) console.log(`${k.padEnd(36)} ${v}`);
  for (const [k, t] of Object.entries(result.targets)) console.log(`target ${k}: ${t.value} (${t.target}) ${t.met ? 'met' : 'NOT met'}`);
}
