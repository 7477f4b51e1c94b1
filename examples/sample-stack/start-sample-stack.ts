import { seedSampleData } from '../sample-data/seed.js';
import type { SeedOptions, SeedSummary } from '../sample-data/seed.js';
import { startLegacyCs } from '../legacy-cs/server.js';
import type { LegacyCsServer } from '../legacy-cs/server.js';
import type { GraphqlService } from '../graphql-service/server.js';
import { importOptional } from '../../errors/index.js';
import { sampleSchemaFile } from '../graphql-service/sdl.js';

/** Options of {@link startSampleStack}. */
export interface SampleStackOptions {
  /** SQLite file both services share (as the real CS tool and services shared one database). */
  dbFile: string;
  /** Seed the file first (default `{}`: the default sizes, seed 1); false keeps its rows. */
  seed?: SeedOptions | false;
  host?: string;
  /** 0 = any free port (default). */
  legacyPort?: number;
  graphqlPort?: number;
}

/** The legacy CS tool and the GraphQL service, running over one data file. */
export interface SampleStack {
  legacy: LegacyCsServer;
  graphql: GraphqlService;
  /** Path of schema.graphql, for `candidate.schema: { from: sdl }`. */
  schemaFile: string;
  /** Row counts when the stack seeded the file, else null. */
  seeded: SeedSummary | null;
  /** Config overrides that put this stack behind strangler: legacy's URL, the candidate and its schema. */
  configOverrides(): { legacy: string; candidate: { url: string; schema: { from: 'sdl'; file: string } } };
  close(): Promise<void>;
}

/** Seed (unless told not to) and start both sample services: what `strangler demo` puts behind the proxy. */
export async function startSampleStack(options: SampleStackOptions): Promise<SampleStack> {
  // The sample GraphQL service needs the optional dataloader and @graphql-tools/schema: say so before starting anything.
  const { startGraphqlService } = await importOptional(
    () => import('../graphql-service/server.js'), ['dataloader', '@graphql-tools/schema'], "the demo's sample GraphQL service",
  );
  const seeded = options.seed === false ? null : seedSampleData(options.dbFile, options.seed ?? {});
  const legacy = await startLegacyCs({ dbFile: options.dbFile, host: options.host, port: options.legacyPort });
  let graphql: GraphqlService;
  try {
    graphql = await startGraphqlService({ dbFile: options.dbFile, host: options.host, port: options.graphqlPort });
  } catch (err) {
    await legacy.close();
    throw err;
  }
  const schemaFile = sampleSchemaFile();
  return {
    legacy,
    graphql,
    schemaFile,
    seeded,
    configOverrides: () => ({ legacy: legacy.url, candidate: { url: graphql.url, schema: { from: 'sdl', file: schemaFile } } }),
    close: async () => {
      await Promise.all([legacy.close(), graphql.close()]);
    },
  };
}
