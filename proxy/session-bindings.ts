import { createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { SessionOperatorSource } from '../config/strangler-config.js';
import type { SessionBinding } from '../store/store.js';
import { readCookie } from './operator-identity.js';

/** Where bindings outlive this process and reach the other instances: the store (see store/store.ts). */
export interface SessionBindingStore {
  bindSession(binding: SessionBinding): Promise<void>;
  findSession(sessionHash: string, nowMs: number): Promise<string | null>;
}

/** Legacy session → operator, in memory first, then the store, then legacy's whoami. */
export interface SessionBindings {
  /**
   * The operator of the request's session: a value at once when this process knows the session
   * (bound, or known to be unbound), else a promise that only this request waits for.
   */
  identify(req: IncomingMessage): string | null | Promise<string | null>;
  /** Bind a session (legacy's login succeeded through the proxy); the store write is not awaited. */
  bind(sessionId: string, operatorId: string, source: SessionBinding['source']): void;
  /** The keyed hash under which a session id is stored (never the id itself). */
  hash(sessionId: string): string;
}

/** What a session binding needs besides the config. */
export interface SessionBindingsDeps {
  /** The store's bindings; null keeps them in this process only (tests, or no store). */
  store: SessionBindingStore | null;
  /** HMAC key for session ids (the redaction key). */
  secret: string;
  /** Base URL of legacy, for whoami. */
  legacyUrl: string;
  logger: Logger;
  now?: () => number;
}

// An unknown session is asked about again after this long: another instance may have bound it meanwhile.
const UNKNOWN_FOR_MS = 5_000;
// Sessions remembered in memory; past it the oldest entries go (they are still in the store).
const MAX_CACHED = 100_000;

interface Cached {
  operatorId: string | null;
  until: number;
}

/**
 * Build the session bindings of `operator.from: session`. A client-set cookie is never read as an
 * operator id: only a session legacy's own login (or whoami) vouched for maps to one.
 */
export function createSessionBindings(source: SessionOperatorSource, deps: SessionBindingsDeps): SessionBindings {
  const now = deps.now ?? Date.now;
  const { store, logger } = deps;
  const cache = new Map<string, Cached>();
  const pending = new Map<string, Promise<string | null>>();
  const lookupTimeoutMs = source.whoami?.timeoutMs ?? 2_000;
  const whoamiUrl = source.whoami === null ? null : new URL(source.whoami.route.trim().split(/\s+/)[1], withSlash(deps.legacyUrl)).href;
  const whoamiPath = source.whoami === null ? [] : parseJsonPath(source.whoami.path);

  const hash = (sessionId: string) => createHmac('sha256', deps.secret).update(`session:${sessionId}`).digest('hex');

  function remember(sessionId: string, operatorId: string | null, until: number): void {
    cache.delete(sessionId);
    cache.set(sessionId, { operatorId, until });
    if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
  }

  function bind(sessionId: string, operatorId: string, sourceKind: SessionBinding['source']): void {
    const boundAt = now();
    const expiresAt = boundAt + source.ttlMs;
    remember(sessionId, operatorId, expiresAt);
    store?.bindSession({ sessionHash: hash(sessionId), operatorId, source: sourceKind, boundAt, expiresAt })
      .catch((err: unknown) => logger.warn({ err }, 'session binding not stored; this instance still knows it'));
  }

  async function lookUp(sessionId: string, cookieHeader: string): Promise<string | null> {
    if (store !== null) {
      try {
        const found = await withTimeout(store.findSession(hash(sessionId), now()), lookupTimeoutMs);
        if (found !== null) {
          // The store's row has its own expiry; a cached copy is re-checked against the store after a TTL.
          remember(sessionId, found, now() + Math.min(source.ttlMs, 60_000));
          return found;
        }
      } catch (err) {
        logger.warn({ err }, 'session lookup in the store failed; the request has no operator');
        remember(sessionId, null, now() + UNKNOWN_FOR_MS);
        return null;
      }
    }
    if (whoamiUrl !== null) {
      const operatorId = await whoami(cookieHeader);
      if (operatorId !== null) {
        bind(sessionId, operatorId, 'whoami');
        return operatorId;
      }
    }
    remember(sessionId, null, now() + UNKNOWN_FOR_MS);
    return null;
  }

  async function whoami(cookieHeader: string): Promise<string | null> {
    try {
      const res = await fetch(whoamiUrl!, {
        headers: { cookie: cookieHeader, accept: 'application/json' },
        redirect: 'manual',
        signal: AbortSignal.timeout(lookupTimeoutMs),
      });
      if (res.status !== 200) {
        await res.body?.cancel();
        return null;
      }
      return readJsonPath(await res.json(), whoamiPath);
    } catch (err) {
      logger.debug({ err }, 'whoami failed; the request has no operator');
      return null;
    }
  }

  return {
    hash,
    bind,
    identify(req) {
      const cookieHeader = req.headers.cookie;
      const sessionId = readCookie(cookieHeader, source.cookie);
      if (sessionId === null) return null;
      const hit = cache.get(sessionId);
      if (hit !== undefined && hit.until > now()) return hit.operatorId;
      let waiting = pending.get(sessionId);
      if (waiting === undefined) {
        waiting = lookUp(sessionId, cookieHeader ?? '').finally(() => pending.delete(sessionId));
        pending.set(sessionId, waiting);
      }
      return waiting;
    },
  };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** `$.data.login_id` or `$.items[0].id` (the schema checked the spelling). */
function parseJsonPath(path: string): (string | number)[] {
  const steps: (string | number)[] = [];
  for (const m of path.slice(1).matchAll(/\.([A-Za-z0-9_-]+)|\[(\d+)\]/g)) steps.push(m[1] ?? Number(m[2]));
  return steps;
}

function readJsonPath(doc: unknown, steps: readonly (string | number)[]): string | null {
  let at = doc;
  for (const step of steps) {
    if (at === null || typeof at !== 'object') return null;
    at = (at as Record<string | number, unknown>)[step];
  }
  if (typeof at === 'number' && Number.isFinite(at)) return String(at);
  return typeof at === 'string' && at.trim() !== '' ? at.trim() : null;
}
