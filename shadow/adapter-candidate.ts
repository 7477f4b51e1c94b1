import { createAdapterRequest, runAdapter, type Adapter, type GraphqlClient } from '../legacy-adapters/index.js';
import type { CandidateRecipe, ShadowCandidate, ShadowRequest } from './candidate.js';
import { observe } from './observation.js';

/**
 * The candidate for a route served by an adapter: legacy request → GraphQL → legacy-shaped answer.
 * A write reaches it only as the adapter's dry-run form (`dryRun`), which the GraphQL service rolls back.
 * `runAdapter` never throws; its failures become the observation's error code (e.g. ADP_ERR_TIMEOUT).
 * With `from` (where the adapter is imported from, and the client's options) a shadow thread can build
 * the same candidate and call it there, off the event loop.
 */
export function adapterCandidate(
  adapter: Adapter,
  client: GraphqlClient,
  opts: { timeoutMs?: number | null; from?: Omit<Extract<CandidateRecipe, { type: 'adapter' }>, 'type' | 'adapter' | 'timeoutMs'> } = {},
): ShadowCandidate {
  const toAdapterRequest = (req: ShadowRequest) =>
    createAdapterRequest({
      method: req.method,
      rawPath: req.url,
      params: { ...req.params },
      headers: { ...req.headers },
      body: req.body,
      operatorId: req.operatorId,
      requestId: req.requestId,
    });
  const effects = adapter.effects;
  return {
    dryRun: adapter.dryRun !== null,
    effects:
      effects === null
        ? undefined
        : { entity: effects.entity, legacyPath: (req) => effects.legacy.path(toAdapterRequest(req)), legacyState: (body) => effects.legacy.state(body) },
    recipe: opts.from ? { type: 'adapter', adapter: adapter.name, sources: opts.from.sources, graphql: opts.from.graphql, timeoutMs: opts.timeoutMs ?? null } : undefined,
    async call(req, callOpts) {
      const request = toAdapterRequest(req);
      const outcome = await runAdapter(adapter, client, request, { dryRun: callOpts.dryRun, timeoutMs: opts.timeoutMs ?? null });
      if (!outcome.ok) return observe({ side: 'candidate', error: outcome.error.code, durationMs: outcome.durationMs });
      const tooLarge = outcome.body.length > callOpts.maxBodyBytes;
      return observe({
        side: 'candidate',
        status: outcome.status,
        headers: outcome.headers,
        body: tooLarge ? null : outcome.body,
        tooLarge,
        durationMs: outcome.durationMs,
        effects: outcome.effects ?? null,
      });
    },
  };
}
