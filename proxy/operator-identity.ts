import type { IncomingMessage } from 'node:http';
import { createDecoder, createVerifier } from 'fast-jwt';
import type { StranglerConfig } from '../config/strangler-config.js';

/**
 * Reads the operator id of a request; null when the request carries none. A promise only when it must
 * be looked up (an unknown legacy session): that request alone waits for it.
 */
export type OperatorIdentity = (req: IncomingMessage) => string | null | Promise<string | null>;

/**
 * Build the operator-id reader for config.operator: a header, a cookie, or a claim of a JWT carried in
 * a header or cookie. A JWT is verified when `secret` or `publicKey` is set; a bad one means no operator.
 */
export function createOperatorIdentity(operator: Exclude<StranglerConfig['operator'], { from: 'session' }>): OperatorIdentity {
  if (operator.from === 'header') {
    const name = operator.header.toLowerCase();
    return (req) => {
      const v = req.headers[name];
      const id = Array.isArray(v) ? v[0] : v;
      return id ? id : null;
    };
  }
  if (operator.from === 'cookie') {
    // Forgeable: anyone can set a cookie. Only for tools whose cookie is itself signed upstream (see docs/identity.md).
    const name = operator.cookie;
    return (req) => readCookie(req.headers.cookie, name);
  }
  return jwtOperatorIdentity(operator);
}

type JwtSource = Extract<StranglerConfig['operator'], { from: 'jwt' }>;

const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;

/**
 * The `jwt` source. fast-jwt verifies synchronously (jose only asynchronously), and the operator id is
 * read synchronously on the request path. Any plain operator header is ignored: only the token counts.
 */
function jwtOperatorIdentity(operator: JwtSource): OperatorIdentity {
  const read = operator.secret
    ? createVerifier({ key: operator.secret, algorithms: [...HMAC_ALGORITHMS], cache: 1000 })
    : operator.publicKey
      ? // fast-jwt allows only the algorithms the key type supports, so an HS token signed with the public key fails.
        createVerifier({ key: operator.publicKey, cache: 1000 })
      : // No key: the SSO in front verified the token already; only decode it.
        createDecoder();
  const claim = operator.claim;
  const header = operator.header?.toLowerCase();
  const cookie = operator.cookie;
  return (req) => {
    const token = header !== undefined ? bearer(req.headers[header]) : cookie !== undefined ? readCookie(req.headers.cookie, cookie) : null;
    if (token === null) return null;
    let payload: unknown;
    try {
      payload = read(token);
    } catch {
      // forged, expired or malformed: treated as no operator (the request goes to legacy)
      return null;
    }
    const id = (payload as Record<string, unknown> | null)?.[claim];
    if (typeof id === 'string') return id === '' ? null : id;
    return typeof id === 'number' && Number.isFinite(id) ? String(id) : null;
  };
}

/** The token of an `Authorization: Bearer …` header (or the bare value of another header). */
function bearer(value: string | string[] | undefined): string | null {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(v);
  return m ? m[1] : v;
}

/** The value of one cookie in a Cookie header (first occurrence), percent-decoded when possible. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      // keep the raw value: a malformed escape is still an identifier
    }
    return value === '' ? null : value;
  }
  return null;
}
