import type { IncomingHttpHeaders } from 'node:http';
import { createGraphqlClient, indexAdapters, loadAdapterModules, loadAdapters, type Adapter, type GraphqlClient } from '../../legacy-adapters/index.js';
import type { CandidateRecipe, ShadowCandidate } from '../candidate.js';
import { adapterCandidate } from '../adapter-candidate.js';
import { createHttpReplay, httpCandidate } from '../http-replay.js';
import { CallOptions, callWithTimeout } from '../call-with-timeout.js';
import { observe, type Observation } from '../observation.js';
import { SHD_ERR_COMPARE_WORKER } from '../errors.js';
import { PendingReplies } from './pending-replies.js';

const NO_BYTES = Buffer.alloc(0);

/** A candidate call for a shadow thread to start: the operator's request as the runner captured it. */
export interface CallTask {
  id: number;
  routeId: string;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
  operatorId: string | null;
  requestId: string;
  body: Uint8Array;
  /** Run the candidate's dry-run form. */
  dryRun: boolean;
  /** Call legacy again for the noise baseline instead of the route's candidate. */
  secondary: boolean;
  /** The call's hard deadline, ms (the route's timeout). */
  timeoutMs: number;
}

/** A route whose candidate a shadow thread builds from its recipe. */
export interface ThreadCandidateRoute {
  id: string;
  recipe: CandidateRecipe;
}

/** The candidates of one shadow thread, and the calls it has in hand. */
export interface ThreadCandidates {
  /** Resolves once every route's candidate is built or has failed to build: the ids of those built. */
  readonly ready: Promise<string[]>;
  /** True when this thread makes the noise baseline's second call to legacy. */
  readonly secondary: boolean;
  /** Start a call now; its answer is kept under the task's id until `take` or `forget`. */
  start(task: CallTask): void;
  /** The answer of a started call (once): an error observation when the id is unknown. */
  take(id: number): Promise<Observation>;
  /** Drop a call's answer (the job ended without a primary answer to compare with). */
  forget(id: number): void;
  close(): Promise<void>;
}

/**
 * Build the candidates of `routes` in this thread, from their recipes: HTTP replays, and adapters
 * imported from the same folders and modules as the proxy's, each over a GraphQL client of its own.
 * A route whose candidate fails to build is reported through `warn` and left out of `ready`: its calls
 * then stay on the proxy's event loop. With `legacyUrl`, the thread also makes the noise baseline's
 * second call to legacy. Calls run under the same hard deadline as on the event loop.
 */
export function createThreadCandidates(
  routes: readonly ThreadCandidateRoute[],
  opts: { maxBodyBytes: number; legacyUrl?: string | null; warn(msg: string, routeId: string, err: unknown): void },
): ThreadCandidates {
  const built = new Map<string, ShadowCandidate>();
  const closers: (() => Promise<void>)[] = [];
  const legacy = opts.legacyUrl ? createHttpReplay(opts.legacyUrl, { side: 'secondary', tag: 'noise' }) : null;
  if (legacy !== null) closers.push(() => legacy.close());
  // Calls in hand, by the proxy's call id. The Map holds only slot numbers, the calls sit in slots
  // cleared when taken: a promoted Map's old tables would keep every call's answer alive through the
  // thread's scavenges (pending-replies.ts says how).
  const slotOfCall = new Map<number, number>();
  const calls = new PendingReplies<Promise<Observation>>();
  const takeCall = (id: number): Promise<Observation> | undefined => {
    const slot = slotOfCall.get(id);
    if (slot === undefined) return undefined;
    slotOfCall.delete(id);
    return calls.take(slot);
  };

  const ready = (async () => {
    const adapterSets = new Map<string, Promise<ReadonlyMap<string, Adapter>>>();
    const clients = new Map<string, GraphqlClient>();
    const replays = new Map<string, ShadowCandidate & { close(): Promise<void> }>();
    for (const route of routes) {
      try {
        const recipe = route.recipe;
        let candidate: ShadowCandidate;
        if (recipe.type === 'http') {
          const key = `${recipe.baseUrl} ${recipe.connections ?? ''}`;
          let replay = replays.get(key);
          if (replay === undefined) {
            replay = httpCandidate(recipe.baseUrl, { connections: recipe.connections });
            replays.set(key, replay);
            closers.push(replay.close);
          }
          candidate = replay;
        } else {
          // Each folder or module set is imported once however many routes name it.
          const sourcesKey = JSON.stringify(recipe.sources);
          let adapters = adapterSets.get(sourcesKey);
          if (adapters === undefined) {
            adapters = (async () =>
              indexAdapters(...(await Promise.all(recipe.sources.dirs.map((d) => loadAdapters(d)))), await loadAdapterModules(recipe.sources.modules)))();
            adapterSets.set(sourcesKey, adapters);
          }
          const adapter = (await adapters).get(recipe.adapter);
          if (adapter === undefined) throw new Error(`no adapter named ${recipe.adapter} in ${sourcesKey}`);
          const clientKey = JSON.stringify(recipe.graphql);
          let client = clients.get(clientKey);
          if (client === undefined) {
            client = createGraphqlClient(recipe.graphql);
            clients.set(clientKey, client);
            const c = client;
            closers.push(() => c.close());
          }
          candidate = adapterCandidate(adapter, client, { timeoutMs: recipe.timeoutMs });
        }
        built.set(route.id, candidate);
      } catch (err) {
        opts.warn('shadow thread could not build this route\'s candidate; it is called on the event loop', route.id, err);
      }
    }
    return [...built.keys()];
  })();

  return {
    ready,
    secondary: legacy !== null,
    start(task) {
      const request = {
        method: task.method,
        url: task.url,
        headers: task.headers,
        // A copy: a view would keep the whole batch it came in (other pairs' bodies) alive for the call's length.
        body: task.body.byteLength === 0 ? NO_BYTES : Buffer.from(task.body),
        params: task.params,
        operatorId: task.operatorId,
        requestId: task.requestId,
      };
      const side = task.secondary ? 'secondary' : 'candidate';
      const callee = task.secondary ? legacy : (built.get(task.routeId) ?? null);
      const call =
        callee === null
          ? Promise.resolve(observe({ side, error: SHD_ERR_COMPARE_WORKER.code, durationMs: 0 }))
          : callWithTimeout(side, task.timeoutMs, new CallOptions(task.dryRun, opts.maxBodyBytes), (callOpts) => callee.call(request, callOpts));
      slotOfCall.set(task.id, calls.add(call));
    },
    take(id) {
      return takeCall(id) ?? Promise.resolve(observe({ side: 'candidate', error: SHD_ERR_COMPARE_WORKER.code, durationMs: 0 }));
    },
    forget(id) {
      takeCall(id);
    },
    async close() {
      await ready;
      await Promise.all(closers.map((close) => close()));
    },
  };
}
