import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createRequireAdmin } from '../../admin/admin-auth.js';

function app(tokens: { name: string; token: string }[]) {
  const f = Fastify();
  f.decorateRequest('adminActor', null);
  const requireAdmin = createRequireAdmin(tokens);
  f.get('/thing', { preHandler: requireAdmin }, async (req) => ({ actor: req.adminActor }));
  f.post('/thing', { preHandler: requireAdmin }, async (req) => ({ actor: req.adminActor }));
  return f;
}

const tokens = [{ name: 'alice', token: 'alice-token-0123456789' }, { name: 'ci', token: 'ci-token-abcdefghijkl' }];

describe('requireAdmin', () => {
  it('accepts a configured bearer token and names its actor', async () => {
    const res = await app(tokens).inject({ method: 'POST', url: '/thing', headers: { authorization: 'Bearer ci-token-abcdefghijkl' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ actor: 'ci' });
  });

  it.each([undefined, 'Bearer wrong-token-0000000000', 'Basic YWxpY2U6eA==', 'Bearer ', 'alice-token-0123456789'])(
    'answers 401 with a code for %s',
    async (authorization) => {
      const res = await app(tokens).inject({ method: 'GET', url: '/thing', headers: authorization ? { authorization } : {} });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('PRX_ERR_UNAUTHORIZED');
    },
  );

  it('without tokens, lets reads through and refuses changes with 403', async () => {
    const f = app([]);
    expect((await f.inject({ method: 'GET', url: '/thing' })).json()).toEqual({ actor: 'anonymous' });
    const res = await f.inject({ method: 'POST', url: '/thing' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('PRX_ERR_ADMIN_DISABLED');
  });
});
