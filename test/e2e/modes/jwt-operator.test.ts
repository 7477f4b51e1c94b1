import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigner } from 'fast-jwt';
import { startSampleStack, type SampleStack } from '../../examples/sample-stack.js';
import { SAMPLE_ROUTES, call, eventsReach, startModesProxy, type ModesProxy } from './harness.js';

const SECRET = 'shared-secret-of-the-sso-gateway-0123456789';

let stack: SampleStack;
let front: ModesProxy;
beforeAll(async () => {
  stack = await startSampleStack();
  front = await startModesProxy({
    legacyUrl: stack.legacy.url,
    graphqlUrl: stack.graphql.url,
    routes: SAMPLE_ROUTES.map((r) => ({ ...r, mode: 'canary', percent: 100 })),
    operator: { from: 'jwt', header: 'authorization', claim: 'sub', secret: SECRET },
  });
});
afterAll(async () => {
  await front.close();
  await stack.close();
});

async function lastEvent(headers: Record<string, string>) {
  const n = front.events.length;
  const res = await call(front.base, 'GET', '/api/users/1', { headers });
  expect(res.status).toBe(200);
  await eventsReach(front.events, n + 1);
  return front.events.at(-1)!;
}

describe('operator identity from a JWT, through the proxy (canary at 100 %)', () => {
  it('a valid signed token identifies the operator: served by new', async () => {
    const token = createSigner({ key: SECRET })({ sub: 'op-31' });
    expect(await lastEvent({ authorization: `Bearer ${token}` })).toMatchObject({ operatorId: 'op-31', servedBy: 'new', arm: 'canary-new' });
  });

  it('a forged operator header is ignored: no operator, legacy', async () => {
    expect(await lastEvent({ 'x-operator-id': 'op-31' })).toMatchObject({ operatorId: null, servedBy: 'legacy', arm: 'canary-legacy' });
  });

  it('a bad signature is rejected: no operator, legacy', async () => {
    const forged = createSigner({ key: 'not-the-gateway-secret-0123456789abcdef' })({ sub: 'op-31' });
    expect(await lastEvent({ authorization: `Bearer ${forged}`, 'x-operator-id': 'op-31' })).toMatchObject({ operatorId: null, servedBy: 'legacy', arm: 'canary-legacy' });
  });
});
