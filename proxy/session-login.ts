import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SessionOperatorSource } from '../config/strangler-config.js';
import { parseRouteSpec } from '../routing/route-pattern.js';
import { normalizePath } from '../routing/normalize-path.js';
import { readCookie } from './operator-identity.js';
import { readLoginField } from './login-form.js';
import type { SessionBindings } from './session-bindings.js';

/** A login form is small; past this the field is looked for in what was kept. */
const MAX_LOGIN_BODY = 64 * 1024;

/** One login request being watched: call `settle` once its answer has been sent. */
export interface LoginWatch {
  /** Bind the session when the login succeeded; returns the operator, or null (failed, no field, no session). */
  settle(res: ServerResponse): string | null;
}

/** Learns session → operator from legacy's own login, as it passes through the proxy. */
export interface SessionLogin {
  /** True for the configured login request (compiled once). */
  matches(method: string, segments: readonly string[]): boolean;
  /**
   * Start watching a login request: keeps a bounded copy of its body as it streams to legacy. Must be
   * called in the same tick as the handler that forwards the body, so no chunk passes unseen.
   */
  watch(req: IncomingMessage): LoginWatch;
}

/** Compile `operator.login` of a `from: session` source. */
export function createSessionLogin(source: SessionOperatorSource, bindings: SessionBindings): SessionLogin {
  const spec = parseRouteSpec(source.login.route);
  const { field, success } = source.login;
  const cookie = source.cookie;
  const statusOk = success?.status ?? null;
  const locationOk = success?.location === null || success?.location === undefined ? null : globToRegExp(success.location);

  function succeeded(res: ServerResponse): boolean {
    const status = res.statusCode;
    const location = headerText(res.getHeader('location'));
    if (statusOk !== null && !statusOk.includes(status)) return false;
    if (locationOk !== null) return location !== null && (locationOk.test(location) || locationOk.test(pathOf(location)));
    if (statusOk !== null) return true;
    if (status >= 200 && status < 300) return true;
    // Many PHP apps answer a failed login with a redirect back to the login page (`/login?error=1`).
    if (status >= 300 && status < 400) return location !== null && !isLoginPath(location);
    return false;
  }

  function isLoginPath(location: string): boolean {
    const path = pathOf(location).split('?')[0];
    return spec.pattern.match(normalizePath(path)) !== null;
  }

  return {
    matches(method, segments) {
      return method === spec.method && spec.pattern.match(segments) !== null;
    },
    watch(req) {
      const chunks: Buffer[] = [];
      let kept = 0;
      req.on('data', (chunk: Buffer) => {
        if (kept >= MAX_LOGIN_BODY) return;
        const part = chunk.subarray(0, MAX_LOGIN_BODY - kept);
        chunks.push(part);
        kept += part.length;
      });
      return {
        settle(res) {
          if (!res.writableFinished || !succeeded(res)) return null;
          const operatorId = readLoginField(Buffer.concat(chunks), req.headers['content-type'], field);
          if (operatorId === null) return null;
          // PHP regenerates the session id at login: the cookie legacy sets wins over the one the client sent.
          const sessionId = sessionFromSetCookie(res.getHeader('set-cookie'), cookie) ?? readCookie(req.headers.cookie, cookie);
          if (sessionId === null) return null;
          bindings.bind(sessionId, operatorId, 'login');
          return operatorId;
        },
      };
    },
  };
}

/** The path and query of a Location, relative or absolute. */
function pathOf(location: string): string {
  try {
    const url = new URL(location, 'http://legacy.invalid');
    return url.pathname + url.search;
  } catch {
    return location;
  }
}

function headerText(value: number | string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : String(value);
}

/** The value legacy sets for cookie `name` (the last Set-Cookie for it wins), unless it deletes the cookie. */
export function sessionFromSetCookie(header: number | string | string[] | undefined, name: string): string | null {
  if (header === undefined) return null;
  let found: string | null = null;
  for (const line of Array.isArray(header) ? header : [String(header)]) {
    const [pair, ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq === -1 || pair.slice(0, eq).trim() !== name) continue;
    const value = pair.slice(eq + 1).trim();
    const deletes = value === '' || value === 'deleted' || attributes.some((a) => /^\s*max-age\s*=\s*(0|-\d+)\s*$/i.test(a))
      || attributes.some((a) => isPastExpiry(a));
    found = deletes ? null : decoded(value);
  }
  return found;
}

// As readCookie reads the client's cookie, so both spellings of one session meet in the same binding.
function decoded(value: string): string {
  const unquoted = value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1) : value;
  try {
    return decodeURIComponent(unquoted);
  } catch {
    return unquoted;
  }
}

function isPastExpiry(attribute: string): boolean {
  const m = /^\s*expires\s*=\s*(.+)$/i.exec(attribute);
  if (m === null) return false;
  const t = Date.parse(m[1]);
  return Number.isFinite(t) && t < Date.now();
}

/** `/inquiries*` → /^\/inquiries.*$/ (only * is special). */
function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}
