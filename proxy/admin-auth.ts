import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PRX_ERR_ADMIN_DISABLED, PRX_ERR_UNAUTHORIZED } from './errors.js';

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

/**
 * Build the `requireAdmin` preHandler for the configured tokens. With tokens: every call needs
 * `Authorization: Bearer <token>` (compared in constant time over SHA-256 digests, all tokens checked),
 * else 401. Without tokens: reads pass as `anonymous` (the admin port is loopback by default) and
 * mutating calls get 403.
 */
export function createRequireAdmin(tokens: readonly { name: string; token: string }[]): RequireAdmin {
  const known = tokens.map((t) => ({ name: t.name, hash: digest(t.token) }));
  return async (request, reply) => {
    if (known.length === 0) {
      if (SAFE_METHODS.has(request.method)) {
        request.adminActor = 'anonymous';
        return;
      }
      const err = new PRX_ERR_ADMIN_DISABLED();
      await reply.code(err.statusCode).send({ error: { code: err.code, message: err.message } });
      return;
    }
    const header = request.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const presented = digest(m === null ? '' : m[1]);
    let actor: string | null = null;
    for (const k of known) {
      // no early exit: the time taken does not depend on which token matched
      if (timingSafeEqual(k.hash, presented) && actor === null && m !== null) actor = k.name;
    }
    if (actor === null) {
      const err = new PRX_ERR_UNAUTHORIZED();
      await reply.code(err.statusCode).header('www-authenticate', 'Bearer').send({ error: { code: err.code, message: err.message } });
      return;
    }
    request.adminActor = actor;
  };
}
