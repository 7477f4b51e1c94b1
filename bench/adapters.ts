/**
 * The adapter path against legacy and the client's keep-alive pool against a connection per call,
 * measured side by side in one run on loopback: rounds alternate, figures are medians.
 * Also prints the SQL statements one page of 50 inquiries costs the sample GraphQL service.
 * Run: `npx tsc -p . && node dist/bench/adapters.js` (BENCH_QUICK=1 for a short run).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { seedSampleData } from '../examples/sample-data/index.js';
import { startLegacyCs } from '../examples/legacy-cs/index.js';
import { startGraphqlService } from '../examples/graphql-service/index.js';
import { userAdapter, inquiryDetailAdapter } from '../examples/adapters/index.js';
import { createAdapterRequest, createGraphqlClient, runAdapter } from '../legacy-adapters/index.js';
import type { Adapter, GraphqlClient } from '../legacy-adapters/index.js';

/** Options of one bench run. */
export interface AdapterBenchOptions {
  /** Alternating rounds (default 5). */
  rounds: number;
  /** Sequential calls per side per round (default 400). */
  calls: number;
}

/** The figures of one run. */
export interface BenchResult {
  name: string;
  figures: Record<string, number>;
  targets: Record<string, { value: number; target: string; met: boolean }>;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function perSecond(calls: number, one: (i: number) => Promise<void>): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) await one(i);
  return calls / ((performance.now() - t0) / 1000);
}

async function viaAdapter(adapter: Adapter, client: GraphqlClient, path: string): Promise<void> {
  const req = createAdapterRequest({ method: 'GET', rawPath: path, params: adapter.match('GET', path)! });
  const outcome = await runAdapter(adapter, client, req);
  if (!outcome.ok) throw outcome.error;
}

/** Run the bench and return its figures. */
export async function run(opts: Partial<AdapterBenchOptions> = {}): Promise<BenchResult> {
  const o: AdapterBenchOptions = { rounds: 5, calls: 400, ...opts };
  const dir = mkdtempSync(join(tmpdir(), 'strangler-bench-adapters-'));
  const dbFile = join(dir, 'sample.db');
  seedSampleData(dbFile, {});
  const legacy = await startLegacyCs({ dbFile });
  const graphql = await startGraphqlService({ dbFile });
  const legacyPool = new Pool(legacy.url, { connections: 4 });
  const client = createGraphqlClient({ url: graphql.url, timeoutMs: 5000 });
  const rates: Record<string, number[]> = { legacyUser: [], adapterUser: [], legacyDetail: [], adapterDetail: [], keepAlive: [], perCall: [] };
  const userPath = (i: number) => `/api/users/${(i % 50) + 1}`;
  const detailPath = (i: number) => `/api/inquiries/${(i % 300) + 1}`;
  const legacyGet = async (path: string) => {
    const res = await legacyPool.request({ path, method: 'GET' });
    await res.body.text();
  };
  const op = { document: userAdapter.document, variables: { id: '1' } };
  try {
    for (let r = 0; r < o.rounds; r++) {
      // Alternate which side goes first so that warm-up and drift do not favour one.
      const pairs: [string, (i: number) => Promise<void>][] = [
        ['legacyUser', (i) => legacyGet(userPath(i))],
        ['adapterUser', (i) => viaAdapter(userAdapter, client, userPath(i))],
        ['legacyDetail', (i) => legacyGet(detailPath(i))],
        ['adapterDetail', (i) => viaAdapter(inquiryDetailAdapter, client, detailPath(i))],
        ['keepAlive', async () => void (await client.execute(op))],
        [
          'perCall',
          async () => {
            const fresh = createGraphqlClient({ url: graphql.url, timeoutMs: 5000, connections: 1 });
            await fresh.execute(op);
            await fresh.close();
          },
        ],
      ];
      const ordered = r % 2 === 0 ? pairs : [...pairs].reverse();
      for (const [name, fn] of ordered) rates[name].push(await perSecond(o.calls, fn));
    }
    graphql.resetQueryCount();
    await client.execute({ document: '{ inquiries(perPage: 50) { nodes { id user { nickname } item { name } transaction { id } messages { id } } } }' });
    const sql = graphql.queryCount().total;
    const m = Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, median(v)]));
    const figures = {
      legacyUserPerSec: Math.round(m.legacyUser),
      adapterUserPerSec: Math.round(m.adapterUser),
      adapterOverLegacyUser: +(m.adapterUser / m.legacyUser).toFixed(2),
      legacyDetailPerSec: Math.round(m.legacyDetail),
      adapterDetailPerSec: Math.round(m.adapterDetail),
      adapterOverLegacyDetail: +(m.adapterDetail / m.legacyDetail).toFixed(2),
      keepAlivePerSec: Math.round(m.keepAlive),
      perCallPerSec: Math.round(m.perCall),
      keepAliveOverPerCall: +(m.keepAlive / m.perCall).toFixed(2),
      sqlStatementsFor50Inquiries: sql,
    };
    return {
      name: 'adapters',
      figures,
      targets: {
        keepAliveOverPerCall: { value: figures.keepAliveOverPerCall, target: '> 1 (persistent connections pay)', met: figures.keepAliveOverPerCall > 1 },
        sqlStatementsFor50Inquiries: { value: sql, target: '≤ 6 (one per type)', met: sql <= 6 },
      },
    };
  } finally {
    await client.close();
    await legacyPool.close();
    await Promise.all([legacy.close(), graphql.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const quick = process.env.BENCH_QUICK === '1';
  const result = await run(quick ? { rounds: 3, calls: 60 } : {});
  console.log(JSON.stringify(result, null, 2));
}
