import { ADP_ERR_BODY } from './errors.js';

/** What an adapter sees of one legacy request. */
export interface AdapterRequest {
  /** Upper-case method. */
  readonly method: string;
  /** Path and query as the client sent them. */
  readonly rawPath: string;
  /** Path parameters matched by the route pattern (`:id` → `params.id`), decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  /** The body as PHP would see it: a form as an object of strings, else JSON (`{}` when empty). Throws ADP_ERR_BODY. */
  json(): unknown;
  readonly operatorId: string | null;
  readonly requestId: string | null;
}

/** Fields from which {@link createAdapterRequest} builds a request. */
export interface AdapterRequestInit {
  method: string;
  rawPath: string;
  params?: Record<string, string>;
  headers?: Record<string, string | string[] | undefined>;
  body?: Buffer | string;
  operatorId?: string | null;
  requestId?: string | null;
}

/** Build a frozen AdapterRequest (the proxy builds one per request served by an adapter). */
export function createAdapterRequest(init: AdapterRequestInit): AdapterRequest {
  const headers: Record<string, string | string[] | undefined> = {};
  for (const [k, v] of Object.entries(init.headers ?? {})) headers[k.toLowerCase()] = v;
  const body = typeof init.body === 'string' ? Buffer.from(init.body, 'utf8') : (init.body ?? Buffer.alloc(0));
  const q = init.rawPath.indexOf('?');
  const query = new URLSearchParams(q === -1 ? '' : init.rawPath.slice(q + 1));
  let parsed: { value: unknown } | null = null;
  return Object.freeze({
    method: init.method.toUpperCase(),
    rawPath: init.rawPath,
    params: Object.freeze({ ...(init.params ?? {}) }),
    query,
    headers: Object.freeze(headers),
    body,
    json(): unknown {
      parsed ??= { value: parseBody(headers['content-type'], body) };
      return parsed.value;
    },
    operatorId: init.operatorId ?? null,
    requestId: init.requestId ?? null,
  });
}

function parseBody(contentType: string | string[] | undefined, body: Buffer): unknown {
  const type = String(contentType ?? '').toLowerCase();
  const text = body.toString('utf8');
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (err) {
    throw ADP_ERR_BODY(type || 'no content-type', err);
  }
}
