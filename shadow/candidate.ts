import type { IncomingHttpHeaders } from 'node:http';
import type { GraphqlClientOptions } from '../legacy-adapters/index.js';
import type { Observation } from './observation.js';

/** The operator's request as the shadow side replays it (already captured, bounded). */
export interface ShadowRequest {
  readonly method: string;
  /** Raw path and query as the client sent them. */
  readonly url: string;
  readonly headers: Readonly<IncomingHttpHeaders>;
  /** The request body (empty for most reads); the capture is bounded by config.shadow.maxBodyBytes. */
  readonly body: Buffer;
  /** Path parameters of the matched route. */
  readonly params: Readonly<Record<string, string>>;
  readonly operatorId: string | null;
  readonly requestId: string;
}

/** Per-call options the runner gives a candidate. */
export interface CandidateCallOptions {
  /** Run the candidate's dry-run form (a write that is rolled back) instead of the real call. */
  dryRun: boolean;
  /** Aborted when the shadow timeout passes. */
  signal: AbortSignal;
  /**
   * The same deadline without an AbortSignal (which costs an AbortController a call): `listener` runs
   * when the timeout passes, at once if it has. Returns a function that stops listening. Optional: a
   * caller may only give `signal`.
   */
  onDeadline?(listener: (reason: Error) => void): () => void;
  /** Cap on the answer's body bytes kept (past it the observation is `tooLarge`). */
  maxBodyBytes: number;
}

/**
 * The new stack as the shadow runner sees it: one call per request, answering a `candidate` observation.
 * `call` should not throw (a throw is turned into SHD_ERR_CANDIDATE_FAILED).
 */
export interface ShadowCandidate {
  /** True when non-idempotent requests may be sent as a dry run; without it writes never reach the candidate. */
  readonly dryRun: boolean;
  call(req: ShadowRequest, opts: CandidateCallOptions): Promise<Observation>;
  /** How a shadow thread builds this same candidate; absent: it is called on the event loop. */
  readonly recipe?: CandidateRecipe;
  /** How to read, on legacy, the entity a dry run changes (the adapter's `effects`); absent: side effects are not compared. */
  readonly effects?: EffectsReader;
}

/** Legacy's side of a dry run's side effects: where to read the entity after legacy's real write, and what of it to compare. */
export interface EffectsReader {
  /** The entity, named in logs. */
  readonly entity: string;
  /** Legacy's read route (path and query) for this request's entity; null when it has none. */
  legacyPath(req: ShadowRequest): string | null;
  /** The fields to compare, in legacy's format, from legacy's parsed JSON answer; null when it shows no entity. */
  legacyState(body: unknown): Record<string, unknown> | null;
}

/**
 * How another thread builds the same candidate: plain data, sent once to the shadow threads at start.
 * A candidate with a recipe is called from a shadow thread when there is one (its HTTP exchange, and an
 * adapter's GraphQL request, answer and mapping, then cost the proxy's event loop nothing); without one
 * it is called on the event loop.
 */
export type CandidateRecipe =
  | { readonly type: 'http'; readonly baseUrl: string; readonly connections?: number }
  | {
      readonly type: 'adapter';
      /** The adapter's name. */
      readonly adapter: string;
      /** Where the thread imports adapters from: adapter folders and module URLs. */
      readonly sources: { readonly dirs: readonly string[]; readonly modules: readonly string[] };
      /** The GraphQL client the thread opens (one per distinct url, timeout and connections). */
      readonly graphql: Readonly<GraphqlClientOptions>;
      /** The route's candidate timeout, ms (null: the adapter's, else the client's). */
      readonly timeoutMs: number | null;
    };
