import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_ROUTES, startRelayedModes, type ModesProxy, type RelayedModes } from '../modes/harness.js';

// Bodies with bytes that are not UTF-8 (a lone 0xFF, a truncated sequence, an encoded surrogate) and
// malformed JSON, sent to a route served by the new stack (its adapter reads the body).
const BAD_BODIES = [
  Buffer.from([0x7b, 0x22, 0x62, 0x6f, 0x64, 0x79, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
  Buffer.concat([Buffer.from('{"body":"'), Buffer.from([0xe3, 0x81]), Buffer.from('"}')]),
  Buffer.concat([Buffer.from('{"body":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]),
  Buffer.from('{"body":'),
  Buffer.from('body=%FF%FE&status=pending'),
];

describe('invalid UTF-8 and malformed bodies on routes served by the new stack', () => {
  let running: RelayedModes;
  let front: ModesProxy;
  beforeAll(async () => {
    running = await startRelayedModes({ routes: SAMPLE_ROUTES.map((r) => ({ ...r, mode: 'new' })) });
    front = running.front;
  });
  afterAll(() => running.close());

  it.each(BAD_BODIES.map((b, i) => [i, b] as const))('body %i gets a clean answer (a status and a body), and the proxy keeps serving', async (_i, body) => {
    for (const type of ['application/json; charset=utf-8', 'application/x-www-form-urlencoded']) {
      const res = await fetch(`${front.base}/api/inquiries/3/reply`, { method: 'POST', headers: { 'content-type': type, 'x-operator-id': 'op-1' }, body });
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(600);
      expect(res.status).not.toBe(500);
      await res.arrayBuffer();
    }
    const ok = await fetch(`${front.base}/api/users/1`);
    expect(ok.status).toBe(200);
  });
});
