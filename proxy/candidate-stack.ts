import { readFileSync } from 'node:fs';
import type { StranglerConfig } from '../config/strangler-config.js';
import {
  checkAdapters, createGraphqlClient, indexAdapters, loadAdapters, loadCandidateSchema, requireAdapter,
  type Adapter, type AdapterIssue, type GraphqlClient, type GraphqlClientOptions,
} from '../legacy-adapters/index.js';

/** The new stack as the proxy uses it: adapters by name, the candidate client, adapters kept on legacy. */
export interface CandidateStack {
  adapters: ReadonlyMap<string, Adapter>;
  client: GraphqlClient;
  /** What the client was built from (shadow threads open their own with the same). */
  clientOptions: GraphqlClientOptions;
  /** Adapters whose documents did not validate (only with `onInvalidAdapter: legacy-only`). */
  legacyOnly: ReadonlySet<string>;
  issues: readonly AdapterIssue[];
  close(): Promise<void>;
}

/**
 * Start-up of the new stack from config: load the adapters folder (plus `builtIn`, e.g. the sample
 * adapters), check that every route's adapter exists, validate every document against the candidate's
 * schema, and open the GraphQL client. Null when config.candidate is null. Throws ADP_ERR_LOAD,
 * ADP_ERR_DUPLICATE, ADP_ERR_UNKNOWN_ADAPTER, ADP_ERR_SCHEMA_LOAD, ADP_ERR_INVALID_DOCUMENT (with `fail`).
 */
export async function prepareCandidateStack(
  config: StranglerConfig,
  options: { builtIn?: readonly Adapter[]; warn?: (issue: AdapterIssue) => void } = {},
): Promise<CandidateStack | null> {
  const candidate = config.candidate;
  if (candidate === null) return null;
  const loaded = config.adapters === null ? [] : await loadAdapters(config.adapters);
  const adapters = indexAdapters(options.builtIn ?? [], loaded);
  for (const route of config.routes) if (route.adapter !== null) requireAdapter(adapters, route.adapter, route.id);
  const clientOptions = candidateClientOptions(candidate);
  const schema = await loadCandidateSchema(candidate, clientOptions);
  const check = checkAdapters([...adapters.values()], schema, { onInvalidAdapter: candidate.onInvalidAdapter, warn: options.warn });
  const client = createGraphqlClient(clientOptions);
  return { adapters, client, clientOptions, legacyOnly: check.legacyOnly, issues: check.issues, close: () => client.close() };
}

/** The GraphQL client options for config.candidate: its credentials headers and TLS files (read as PEM text). */
export function candidateClientOptions(candidate: NonNullable<StranglerConfig['candidate']>): GraphqlClientOptions {
  const options: GraphqlClientOptions = { url: candidate.url, timeoutMs: candidate.timeoutMs };
  if (Object.keys(candidate.headers).length > 0) options.headers = { ...candidate.headers };
  if (candidate.tls !== null) {
    const tls: NonNullable<GraphqlClientOptions['tls']> = {};
    for (const key of ['ca', 'cert', 'key'] as const) {
      const file = candidate.tls[key];
      if (file !== null) tls[key] = readFileSync(file, 'utf8');
    }
    options.tls = tls;
  }
  return options;
}
