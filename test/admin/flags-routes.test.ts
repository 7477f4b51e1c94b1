import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import type { FastifyInstance, preHandlerHookHandler } from 'fastify';
import { openStore } from '../../store/index.js';
import type { Store } from '../../store/index.js';
import { seedFlags } from '../../flags/index.js';
import { flagsAdminRoutes } from '../../admin/index.js';
import { sqliteFixture } from '../store/fixtures.js';
import type { Fixture } from '../store/fixtures.js';

// Stands in for the proxy's token check: the bearer token's name becomes the actor.
const tokens = new Map([['s3cret', 'alice']]);
const requireAdmin: preHandlerHookHandler = async (request, reply) => {
  const name = tokens.get((request.headers.authorization ?? '').replace(/^Bearer /, ''));
  if (name === undefined) return reply.status(401).send({ code: 'PRX_ERR_UNAUTHORIZED' });
  (request as unknown as { adminActor: string }).adminActor = name;
};
const auth = { authorization: 'Bearer s3cret' };

describe('flag admin routes', () => {
  let fx: Fixture;
  let store: Store;
  let app: FastifyInstance;
  let changes = 0;
  beforeAll(async () => {
    fx = sqliteFixture();
    store = await openStore(fx.url);
    await seedFlags(store, [{ id: 'inquiry', mode: 'shadow', percent: 0, sample: 1 }, { id: 'items', mode: 'legacy', percent: 0, sample: 1 }]);
    app = Fastify();
    await app.register(flagsAdminRoutes({
      store, requireAdmin, onChanged: () => changes++,
      gate: { minSamples: 100, minMatch: 0.99, maxErrorRate: 0.01, windowMs: 60_000 },
    }));
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await fx?.cleanup();
  });

  it('needs the token', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/flags' })).statusCode).toBe(401);
    const ok = await app.inject({ method: 'GET', url: '/api/flags', headers: auth });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().flags).toHaveLength(2);
  });

  it('sets a flag with the token name as the actor, and lists the history', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/flags/items', headers: auth, payload: { mode: 'shadow', sample: 0.1, reason: 'start' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().flag).toMatchObject({ routeId: 'items', mode: 'shadow', sample: 0.1, updatedBy: 'alice' });
    expect(changes).toBe(1);
    const h = await app.inject({ method: 'GET', url: '/api/flags/history?route=items', headers: auth });
    expect(h.json().history.at(-1)).toMatchObject({ actor: 'alice', reason: 'start', from: { mode: 'legacy' }, to: { mode: 'shadow' } });
  });

  it('answers coded errors: missing reason 400, failed gate 409 with reasons', async () => {
    const noReason = await app.inject({ method: 'POST', url: '/api/flags/items', headers: auth, payload: { mode: 'legacy' } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().code).toBe('FLAG_ERR_REASON_REQUIRED');
    const gated = await app.inject({ method: 'POST', url: '/api/flags/inquiry', headers: auth, payload: { mode: 'canary', percent: 5, reason: 'try' } });
    expect(gated.statusCode).toBe(409);
    expect(gated.json().code).toBe('FLAG_ERR_GATE_FAILED');
    expect(gated.json().gate.reasons.length).toBeGreaterThan(0);
    const forced = await app.inject({ method: 'POST', url: '/api/flags/inquiry', headers: auth, payload: { mode: 'canary', percent: 5, reason: 'try', force: true } });
    expect(forced.statusCode).toBe(200);
    expect(forced.json()).toMatchObject({ forced: true, flag: { mode: 'canary', percent: 5 } });
  });

  it('panics every route to legacy', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/flags/panic', headers: auth, payload: { reason: 'incident 42' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().flags.map((f: { mode: string }) => f.mode)).toEqual(['legacy', 'legacy']);
    const h = await app.inject({ method: 'GET', url: '/api/flags/history', headers: auth });
    expect(h.json().history.slice(-2).every((a: { actor: string }) => a.actor === 'alice')).toBe(true);
  });
});
