import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { GraphQLError, execute } from 'graphql';
import type { ExecutionResult, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { createSqlGateway } from './sql-gateway.js';
import type { QueryCounts } from './sql-gateway.js';
import { createLoaders } from './loaders.js';
import { resolvers } from './resolvers.js';
import type { ServiceContext } from './resolvers.js';
import { sampleSchemaSdl } from './sdl.js';
import { createDocumentCache } from './document-cache.js';
import type { PreparedDocument } from './document-cache.js';

/**
 * How the service misbehaves on purpose (for tests and the demo):
 * `http-500` JSON 500; `html-502` an HTML error page like a load balancer's; `invalid-json` a cut-off
 * body; `graphql-error` 200 with `data: null` and an error; `reset` the socket is destroyed.
 */
export type FailMode = 'none' | 'http-500' | 'html-502' | 'invalid-json' | 'graphql-error' | 'reset';

/** Options of {@link startGraphqlService}. */
export interface GraphqlServiceOptions {
  dbFile: string;
  port?: number;
  host?: string;
  /** Added before every answer, ms (default 0). */
  delayMs?: number;
  failMode?: FailMode;
  /** Clock for written timestamps (epoch ms). */
  now?: () => number;
}

/** A running sample GraphQL service with its knobs. */
export interface GraphqlService {
  /** The endpoint, `http://host:port/graphql`. */
  url: string;
  close(): Promise<void>;
  /** SQL statements run since start (or the last reset), in total and per type. */
  queryCount(): QueryCounts;
  resetQueryCount(): void;
  setDelay(ms: number): void;
  setFailMode(mode: FailMode): void;
  /** Requests received on /graphql so far (whatever the fail mode). */
  requestCount(): number;
}

/** The executable schema of the sample service (SDL file + resolvers). */
export function createSampleSchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: sampleSchemaSdl(), resolvers });
}

/** Start the sample GraphQL service: POST /graphql, JSON in and out, introspection allowed. */
export async function startGraphqlService(options: GraphqlServiceOptions): Promise<GraphqlService> {
  const sqlite = new Database(options.dbFile);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  const db = createSqlGateway(sqlite);
  const schema = createSampleSchema();
  const prepare = createDocumentCache(schema);
  const now = options.now ?? Date.now;
  let delayMs = options.delayMs ?? 0;
  let failMode: FailMode = options.failMode ?? 'none';
  let requests = 0;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://graphql');
    if (url.pathname !== '/graphql') return sendJson(res, 404, { errors: [{ message: 'not found' }] });
    if (req.method !== 'POST') return sendJson(res, 405, { errors: [{ message: 'use POST' }] }, { allow: 'POST' });
    requests++;
    readBody(req)
      .then(async (body) => {
        if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
        if (res.destroyed) return;
        if (failMode !== 'none') return misbehave(res, failMode);
        const context: ServiceContext = {
          db,
          loaders: createLoaders(db),
          operatorId: header(req, 'x-operator-id'),
          requestId: header(req, 'x-request-id'),
          now,
        };
        const [status, result] = await runOperation(schema, prepare, body, context);
        sendJson(res, status, result, context.requestId ? { 'x-request-id': context.requestId } : {});
      })
      .catch(() => sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/graphql`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          sqlite.close();
          resolve();
        });
        server.closeAllConnections();
      }),
    queryCount: () => db.counts(),
    resetQueryCount: () => db.resetCounts(),
    setDelay: (ms) => {
      delayMs = ms;
    },
    setFailMode: (mode) => {
      failMode = mode;
    },
    requestCount: () => requests,
  };
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === 'string' && v !== '' ? v : null;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const badRequest = (message: string, code = 'BAD_REQUEST'): [number, { errors: GraphQLFormattedError[] }] => [
  400,
  { errors: [{ message, extensions: { code } }] },
];

/** Parse, validate and execute one operation; request problems are 400 with `errors` (GraphQL over HTTP). */
async function runOperation(
  schema: GraphQLSchema,
  prepare: (query: string) => PreparedDocument,
  body: Buffer,
  context: ServiceContext,
): Promise<[number, unknown]> {
  let payload: { query?: unknown; variables?: unknown; operationName?: unknown };
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch {
    return badRequest('body is not JSON');
  }
  if (typeof payload?.query !== 'string') return badRequest('query must be a string');
  const prepared = prepare(payload.query);
  if (!prepared.ok) {
    const code = prepared.stage === 'parse' ? 'GRAPHQL_PARSE_FAILED' : 'GRAPHQL_VALIDATION_FAILED';
    return [400, { errors: prepared.errors.map((e) => withCode(e, code)) }];
  }
  const document = prepared.document;
  const result = (await execute({
    schema,
    document,
    variableValues: (payload.variables ?? undefined) as Record<string, unknown> | undefined,
    operationName: typeof payload.operationName === 'string' ? payload.operationName : undefined,
    contextValue: context,
  })) as ExecutionResult;
  if (!('data' in result) || result.data === undefined) {
    // Variable coercion failed: the operation never ran.
    return [400, { errors: (result.errors ?? []).map((e) => withCode(e, 'BAD_USER_INPUT')) }];
  }
  return [200, { data: result.data, ...(result.errors ? { errors: result.errors.map((e) => mask(e)) } : {}) }];
}

function withCode(err: GraphQLError, code: string): GraphQLFormattedError {
  const f = err.toJSON();
  return { ...f, extensions: { ...f.extensions, code: (f.extensions?.code as string | undefined) ?? code } };
}

/** Resolver errors that are not GraphQLErrors are bugs: their text never leaves the service. */
function mask(err: GraphQLError): GraphQLFormattedError {
  if (err.originalError && !(err.originalError instanceof GraphQLError)) {
    return { message: 'Internal server error', locations: err.locations, path: err.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  return err.toJSON();
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length), ...headers });
  res.end(body);
}

function misbehave(res: ServerResponse, mode: Exclude<FailMode, 'none'>): void {
  switch (mode) {
    case 'http-500':
      return sendJson(res, 500, { errors: [{ message: 'Internal server error' }] });
    case 'html-502': {
      const page =
        '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>' +
        '<pre>Error: upstream user-service unavailable\n    at Object.<anonymous> (/srv/graphql/resolvers.js:42:13)</pre></body></html>';
      res.writeHead(502, { 'content-type': 'text/html', 'content-length': String(Buffer.byteLength(page)) });
      res.end(page);
      return;
    }
    case 'invalid-json': {
      const cut = '{"data":{"inquiry":{"id":"1","subj';
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(cut.length) });
      res.end(cut);
      return;
    }
    case 'graphql-error':
      return sendJson(res, 200, { data: null, errors: [{ message: 'user-service unavailable', extensions: { code: 'UNAVAILABLE' } }] });
    case 'reset':
      res.socket?.destroy();
      return;
  }
}
