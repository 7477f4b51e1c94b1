import type { CodedError } from '../errors/index.js';
import type { AdapterRequest } from './adapter-request.js';
import { ADP_ERR_INVALID_DEFINITION } from './errors.js';

/** One GraphQL error as it arrives over HTTP. */
export interface GraphqlErrorItem {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

/** A GraphQL response: `data` (possibly partial) and `errors`. */
export interface GraphqlResult<TData = Record<string, unknown>> {
  data: TData | null;
  errors?: GraphqlErrorItem[];
}

/** What an adapter answers, in the legacy shape; a non-Buffer, non-string body is sent as JSON. */
export interface LegacyResponse {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** Variables of a GraphQL operation. */
export type Variables = Record<string, unknown>;

/** What an adapter author writes (see docs/adapters.md). Optional members may be null (so an Adapter can be spread into a new definition). */
export interface AdapterDefinition<TData = Record<string, unknown>> {
  /** Unique name; routes name their adapter by it. */
  name: string;
  /** `"METHOD /pattern"`, e.g. `"GET /api/inquiries/:id"` (`:name` one segment, a final `*` the rest). */
  route: string;
  /** The GraphQL operation, validated against the candidate schema at start-up. */
  document: string;
  /** Which operation of `document` to run, when it holds several. */
  operationName?: string | null;
  /** Variables from path params, query and body. */
  variables(req: AdapterRequest): Variables;
  /** Shape the GraphQL result like legacy's answer. */
  toLegacy(result: GraphqlResult<TData>, req: AdapterRequest): LegacyResponse;
  /** Answer without calling the candidate (input legacy itself rejects), or null to go on. */
  precheck?: ((req: AdapterRequest) => LegacyResponse | null) | null;
  /** Map GraphQL errors to a legacy error answer, or null when they are not expected ones. */
  mapErrors?: ((errors: GraphqlErrorItem[], req: AdapterRequest) => LegacyResponse | null) | null;
  /** Which unmapped errors are fatal (the default: errors with no data). */
  fatalErrors?: ((errors: GraphqlErrorItem[], result: GraphqlResult<TData>) => boolean) | null;
  /** The legacy-shaped answer when the candidate fails and legacy cannot take over. */
  errorResponse?: ((error: CodedError, req: AdapterRequest) => LegacyResponse) | null;
  /** A non-GET request that is safe to repeat on legacy (default false). */
  idempotent?: boolean;
  /** How to run this route against the candidate without a lasting change (for shadowing writes). */
  dryRun?: null | {
    document?: string;
    variables(req: AdapterRequest): Variables;
    toLegacy?(result: GraphqlResult<TData>, req: AdapterRequest): LegacyResponse;
  };
  /**
   * What the dry run changes, so shadow can compare side effects, not only answers (docs/adapters.md,
   * "Side effects of writes"). Needs `dryRun`.
   */
  effects?: null | EffectsDefinition<TData>;
  /** Candidate timeout for this adapter, ms (the route's timeout wins when set). */
  timeoutMs?: number | null;
}

/**
 * The entity a write changes and how each side shows its state afterwards. Shadow reads the entity
 * from legacy after legacy's real write (`legacy.path`, a GET on legacy with the operator's headers) and
 * compares `legacy.state` of that answer with `candidate` of the dry run's GraphQL result: the state
 * the dry run says it would leave (select the entity in the dry-run document: a query sent after the
 * rollback would only see the old state). Differences are reported at `$.effects.<field>`.
 */
export interface EffectsDefinition<TData = Record<string, unknown>> {
  /** What the write changes, named in reports and logs, e.g. `inquiry`. */
  entity: string;
  legacy: {
    /** Legacy's read route for the entity, path and query, e.g. `/api/inquiries/${req.params.id}`. */
    path(req: AdapterRequest): string;
    /** The fields to compare from legacy's parsed JSON answer, in legacy's format; null when it shows no entity. */
    state(body: unknown): Record<string, unknown> | null;
  };
  /** The same fields, in legacy's format, from the dry run's GraphQL result; null when it reports none. */
  candidate(result: GraphqlResult<TData>, req: AdapterRequest): Record<string, unknown> | null;
}

/** A defined, frozen adapter. */
export interface Adapter {
  readonly name: string;
  readonly route: string;
  readonly method: string;
  readonly pattern: string;
  readonly document: string;
  readonly operationName: string | null;
  readonly variables: (req: AdapterRequest) => Variables;
  readonly toLegacy: (result: GraphqlResult, req: AdapterRequest) => LegacyResponse;
  readonly precheck: ((req: AdapterRequest) => LegacyResponse | null) | null;
  readonly mapErrors: ((errors: GraphqlErrorItem[], req: AdapterRequest) => LegacyResponse | null) | null;
  readonly fatalErrors: ((errors: GraphqlErrorItem[], result: GraphqlResult) => boolean) | null;
  readonly errorResponse: ((error: CodedError, req: AdapterRequest) => LegacyResponse) | null;
  readonly idempotent: boolean;
  readonly dryRun: null | {
    readonly document: string;
    readonly variables: (req: AdapterRequest) => Variables;
    readonly toLegacy: (result: GraphqlResult, req: AdapterRequest) => LegacyResponse;
  };
  /** The dry run's side effects (see `EffectsDefinition`); null when not declared. */
  readonly effects: null | Readonly<EffectsDefinition>;
  readonly timeoutMs: number | null;
  /** Path parameters when `method` and `pathname` match this adapter's route, else null. */
  match(method: string, pathname: string): Record<string, string> | null;
}

const BRAND = Symbol.for('strangler.adapter');
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Check a definition and freeze it into an Adapter. Throws ADP_ERR_INVALID_DEFINITION. */
export function defineAdapter<TData = Record<string, unknown>>(def: AdapterDefinition<TData>): Adapter {
  const name = typeof def?.name === 'string' && def.name !== '' ? def.name : '(unnamed)';
  const bad = (why: string) => ADP_ERR_INVALID_DEFINITION(name, why);
  if (name === '(unnamed)') throw bad('name must be a non-empty string');
  const m = typeof def.route === 'string' ? def.route.match(/^([A-Z]+) (\/\S*)$/) : null;
  if (!m || !METHODS.has(m[1])) throw bad(`route must look like "GET /api/items/:id", got ${JSON.stringify(def.route)}`);
  if (typeof def.document !== 'string' || def.document.trim() === '') throw bad('document must be a GraphQL string');
  for (const fn of ['variables', 'toLegacy'] as const) if (typeof def[fn] !== 'function') throw bad(`${fn} must be a function`);
  for (const fn of ['precheck', 'mapErrors', 'fatalErrors', 'errorResponse'] as const) {
    if (def[fn] != null && typeof def[fn] !== 'function') throw bad(`${fn} must be a function`);
  }
  if (def.dryRun != null && typeof def.dryRun.variables !== 'function') throw bad('dryRun.variables must be a function');
  if (def.effects != null) {
    const e = def.effects;
    if (def.dryRun == null) throw bad('effects needs dryRun: side effects are compared on dry runs only');
    if (typeof e.entity !== 'string' || e.entity === '') throw bad('effects.entity must be a non-empty string');
    if (typeof e.legacy?.path !== 'function' || typeof e.legacy?.state !== 'function') throw bad('effects.legacy.path and effects.legacy.state must be functions');
    if (typeof e.candidate !== 'function') throw bad('effects.candidate must be a function');
  }
  if (def.timeoutMs != null && !(Number.isFinite(def.timeoutMs) && def.timeoutMs > 0)) throw bad('timeoutMs must be a positive number');

  const [, method, pattern] = m;
  const segments = pattern.split('/');
  const toLegacy = def.toLegacy as Adapter['toLegacy'];
  const adapter: Adapter = {
    name,
    route: def.route,
    method,
    pattern,
    document: def.document,
    operationName: def.operationName ?? null,
    variables: def.variables,
    toLegacy,
    precheck: def.precheck ?? null,
    mapErrors: def.mapErrors ?? null,
    fatalErrors: (def.fatalErrors as Adapter['fatalErrors'] | undefined) ?? null,
    errorResponse: def.errorResponse ?? null,
    idempotent: def.idempotent === true,
    dryRun: def.dryRun
      ? Object.freeze({
          document: def.dryRun.document ?? def.document,
          variables: def.dryRun.variables,
          toLegacy: (def.dryRun.toLegacy as Adapter['toLegacy'] | undefined) ?? toLegacy,
        })
      : null,
    effects: def.effects
      ? Object.freeze({ entity: def.effects.entity, legacy: Object.freeze({ ...def.effects.legacy }), candidate: def.effects.candidate as EffectsDefinition['candidate'] })
      : null,
    timeoutMs: def.timeoutMs ?? null,
    match: (reqMethod, pathname) => (reqMethod.toUpperCase() === method ? matchPattern(segments, pathname) : null),
  };
  Object.defineProperty(adapter, BRAND, { value: true });
  return Object.freeze(adapter);
}

/** True for a value made by defineAdapter (in this or another copy of the module). */
export function isAdapter(value: unknown): value is Adapter {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

function matchPattern(segments: string[], pathname: string): Record<string, string> | null {
  const parts = pathname.split('/');
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (seg === '*' && i === segments.length - 1) {
      params['*'] = parts.slice(i).join('/');
      return params;
    }
    const part = parts[i];
    if (part === undefined) return null;
    if (seg.startsWith(':')) {
      if (part === '') return null;
      try {
        params[seg.slice(1)] = decodeURIComponent(part);
      } catch {
        return null;
      }
    } else if (seg !== part) return null;
  }
  return parts.length === segments.length ? params : null;
}
