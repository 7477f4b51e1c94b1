import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CodedError } from '../errors/index.js';
import { PRX_ERR_ADMIN_DISABLED, PRX_ERR_ADMIN_TOKEN_REQUIRED, PRX_ERR_UNAUTHORIZED } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Name of the admin token that authenticated this request (`anonymous` for reads with no token configured). */
    adminActor: string | null;
  }
}

/** A fastify preHandler guarding an admin endpoint. */
export type RequireAdmin = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Options of createRequireAdmin. */
export interface RequireAdminOptions {
  /** `admin.host`, the address the admin port listens on (default `127.0.0.1`). */
  host?: string;
}

/** True for an address or name that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h === '::1' || h.startsWith('::ffff:127.');
}

/** The host name of a Host header, without its port. */
function hostName(header: string | undefined): string {
  if (header === undefined) return '';
  const v6 = /^\[([^\]]*)\]/.exec(header);
  if (v6 !== null) return v6[1];
  const colon = header.lastIndexOf(':');
  return colon === -1 ? header : header.slice(0, colon);
}

async function refuse(reply: FastifyReply, err: CodedError, bearer = false): Promise<void> {
  if (bearer) void reply.header('www-authenticate', 'Bearer');
  await reply.code(err.statusCode).send({ error: { code: err.code, message: err.message } });
}

/** The name of the admin token `presented` is, or null (the CLI checks its token this way too). */
export function matchAdminToken(tokens: readonly { name: string; token: string }[], presented: string): string | null {
  return matchKnown(tokens.map((t) => ({ name: t.name, hash: digest(t.token) })), presented);
}

function matchKnown(known: readonly { name: string; hash: Buffer }[], presented: string): string | null {
  const hash = digest(presented);
  let actor: string | null = null;
  for (const k of known) {
    // no early exit: the time taken does not depend on which token matched
    if (timingSafeEqual(k.hash, hash) && actor === null) actor = k.name;
  }
  return actor;
}

/**
 * Build the `requireAdmin` preHandler for the configured tokens. With tokens: every call needs
 * `Authorization: Bearer <token>` (compared in constant time over SHA-256 digests, all tokens checked),
 * else 401. Without tokens: on a loopback admin host, reads whose Host header also names loopback pass
 * as `anonymous` and mutating calls get 403; on any other host (or a foreign Host header, as in DNS
 * rebinding) every call gets 401 PRX_ERR_ADMIN_TOKEN_REQUIRED.
 */
export function createRequireAdmin(tokens: readonly { name: string; token: string }[], options: RequireAdminOptions = {}): RequireAdmin {
  const known = tokens.map((t) => ({ name: t.name, hash: digest(t.token) }));
  const adminHost = options.host ?? '127.0.0.1';
  const anonymousReads = isLoopbackHost(adminHost);
  return async (request, reply) => {
    if (known.length === 0) {
      if (!anonymousReads || !isLoopbackHost(hostName(request.headers.host))) {
        await refuse(reply, new PRX_ERR_ADMIN_TOKEN_REQUIRED(adminHost), true);
        return;
      }
      if (SAFE_METHODS.has(request.method)) {
        request.adminActor = 'anonymous';
        return;
      }
      await refuse(reply, new PRX_ERR_ADMIN_DISABLED());
      return;
    }
    const header = request.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const actor = m === null ? null : matchKnown(known, m[1]);
    if (actor === null) {
      await refuse(reply, new PRX_ERR_UNAUTHORIZED(), true);
      return;
    }
    request.adminActor = actor;
  };
}
