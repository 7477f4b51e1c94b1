import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { pino } from 'pino';
import { loadConfig } from '../../../config/index.js';
import { createModeHandlers, startProxy, type RunningProxy } from '../../../proxy/index.js';
import { createGraphqlClient, defineAdapter, type GraphqlClient } from '../../../legacy-adapters/index.js';
import { startSampleStack, type SampleStack } from '../../examples/sample-stack.js';

// An adapter that copies a query value into a response header, as a careless adapter might.
const echoHeader = defineAdapter<{ user: { id: string } | null }>({
  name: 'echo-header',
  route: 'GET /api/users/:id',
  document: 'query U($id: ID!) { user(id: $id) { id } }',
  variables: (req) => ({ id: req.params.id }),
  toLegacy: ({ data }, req) => ({ status: 200, headers: { 'x-echo': req.query.get('v') ?? '' }, body: { id: data?.user?.id ?? null } }),
});

let stack: SampleStack;
let client: GraphqlClient;
let proxy: RunningProxy;

beforeAll(async () => {
  stack = await startSampleStack();
  const config = loadConfig({
    overrides: {
      legacy: stack.legacy.url, server: { port: 0, host: '127.0.0.1' }, admin: { port: null },
      candidate: { url: stack.graphql.url },
      routes: [{ id: 'user', method: 'GET', path: '/api/users/:id', adapter: 'echo-header', mode: 'new' }],
    },
  });
  client = createGraphqlClient({ url: stack.graphql.url, timeoutMs: 2000 });
  const modes = createModeHandlers({ config, adapters: [echoHeader], client });
  proxy = await startProxy(config, { logger: pino({ level: 'silent' }), handlers: modes.handlers });
});
afterAll(async () => {
  await proxy.close();
  await client.close();
  await stack.close();
});

/** The raw response (head and body), so an injected header line would show. */
function rawHead(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(proxy.port, '127.0.0.1');
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  });
}

describe('header injection through adapter-built headers', () => {
  it('a clean value is sent as the header', async () => {
    expect(await rawHead('/api/users/1?v=plain')).toMatch(/\r\nx-echo: plain/i);
  });

  it.each(['a%0D%0ASet-Cookie:%20evil=1', 'a%0ASet-Cookie:%20evil=1', 'a%0DSet-Cookie:%20evil=1', 'a%00b'])('%s never becomes a header line: the answer is a coded 500', async (v) => {
    const head = await rawHead(`/api/users/1?v=${v}`);
    expect(head.split('\r\n\r\n')[0]).not.toMatch(/\r\nSet-Cookie/i);
    expect(head).toMatch(/^HTTP\/1\.1 500/);
    expect(head).toMatch(/"code":"PRX_ERR_HANDLER"/);
  });

  it('the proxy keeps serving afterwards', async () => {
    expect(await rawHead('/api/users/2?v=ok')).toMatch(/^HTTP\/1\.1 200/);
  });
});
