import type { FastifyRequest } from 'fastify';

/**
 * True unless the browser says the request comes from another site: `Sec-Fetch-Site` must be
 * `same-origin` when sent, and `Origin` must equal this server's origin when sent. Clients that send
 * neither (curl, tests) still need the session's CSRF token.
 * See https://web.dev/articles/fetch-metadata and the OWASP CSRF cheat sheet.
 */
export function isSameOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  return origin === `${request.protocol}://${request.host}`;
}
