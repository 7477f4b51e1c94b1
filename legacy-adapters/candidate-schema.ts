import { readFile } from 'node:fs/promises';
import { buildClientSchema, buildSchema, getIntrospectionQuery } from 'graphql';
import type { GraphQLSchema, IntrospectionQuery } from 'graphql';
import type { StranglerConfig } from '../config/strangler-config.js';
import { createGraphqlClient, type GraphqlClientOptions } from './graphql-client.js';
import { ADP_ERR_SCHEMA_LOAD } from './errors.js';

/** The parts of `config.candidate` the schema loader reads. */
export type CandidateSchemaSource = Pick<NonNullable<StranglerConfig['candidate']>, 'url' | 'schema' | 'timeoutMs'>;

/**
 * The candidate's schema, for validating adapters at start-up: introspected from the live endpoint,
 * or built from an SDL file. Throws ADP_ERR_SCHEMA_LOAD.
 */
export async function loadCandidateSchema(
  candidate: CandidateSchemaSource,
  /** The client's credentials and TLS options, so introspection passes the same auth as every call. */
  auth: Pick<GraphqlClientOptions, 'headers' | 'tls'> = {},
): Promise<GraphQLSchema> {
  if (candidate.schema.from === 'sdl') {
    const file = candidate.schema.file;
    try {
      return buildSchema(await readFile(file, 'utf8'));
    } catch (err) {
      throw ADP_ERR_SCHEMA_LOAD(file, (err as { code?: string }).code ?? (err as Error).message, err);
    }
  }
  const client = createGraphqlClient({ ...auth, url: candidate.url, timeoutMs: candidate.timeoutMs, connections: 1 });
  try {
    const result = await client.execute({ document: getIntrospectionQuery() });
    if (result.errors?.length || result.data === null) {
      throw ADP_ERR_SCHEMA_LOAD(candidate.url, `introspection answered errors: ${result.errors?.map((e) => e.message).join('; ')}`);
    }
    return buildClientSchema(result.data as unknown as IntrospectionQuery);
  } catch (err) {
    if ((err as { code?: string }).code === ADP_ERR_SCHEMA_LOAD.code) throw err;
    throw ADP_ERR_SCHEMA_LOAD(candidate.url, (err as { code?: string }).code ?? (err as Error).message, err);
  } finally {
    await client.close();
  }
}
