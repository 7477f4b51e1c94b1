import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedSampleData } from '../../examples/sample-data/index.js';
import type { SeedOptions } from '../../examples/sample-data/index.js';
import { startLegacyCs } from '../../examples/legacy-cs/index.js';
import type { LegacyCsServer } from '../../examples/legacy-cs/index.js';
import { startGraphqlService } from '../../examples/graphql-service/index.js';
import type { GraphqlService } from '../../examples/graphql-service/index.js';

/** A fixed clock: both stacks write the same timestamps, so their writes can be compared. */
export const FIXED_NOW = Date.UTC(2025, 0, 15, 3, 4, 5);

/** Both sample services on port 0, each over its own copy of the same seeded data, so that their writes can be compared (proxy and shadow tests use it too: keep its shape). */
export interface SampleStack {
  dir: string;
  legacyDb: string;
  graphqlDb: string;
  legacy: LegacyCsServer;
  graphql: GraphqlService;
  close(): Promise<void>;
}

/** Seed two identical SQLite files in a temp dir and start legacy and GraphQL on them. */
export async function startSampleStack(seed: SeedOptions = {}): Promise<SampleStack> {
  const dir = mkdtempSync(join(tmpdir(), 'strangler-sample-'));
  const legacyDb = join(dir, 'legacy.db');
  const graphqlDb = join(dir, 'graphql.db');
  seedSampleData(legacyDb, seed);
  seedSampleData(graphqlDb, seed);
  const legacy = await startLegacyCs({ dbFile: legacyDb, now: () => FIXED_NOW });
  const graphql = await startGraphqlService({ dbFile: graphqlDb, now: () => FIXED_NOW });
  return {
    dir,
    legacyDb,
    graphqlDb,
    legacy,
    graphql,
    async close() {
      await Promise.all([legacy.close(), graphql.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** POST a GraphQL operation with fetch; returns status and parsed body. */
export async function gql(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: any[] } };
}
