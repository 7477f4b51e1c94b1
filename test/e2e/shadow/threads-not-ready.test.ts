import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// From the build, not the sources: only there does startStrangler start shadow threads (the threads'
// entry is compiled JavaScript). A thread stuck importing an adapter module must not keep CS from
// starting: start-up waits `shadowThreadsWaitMs`, then serves, and the candidate is called on the event loop.
const DIST = resolve(import.meta.dirname, '../../../dist');
type Runtime = typeof import('../../../runtime/index.js');
type Config = typeof import('../../../config/index.js');
type Stack = typeof import('../../../examples/sample-stack/index.js');
type Adapters = typeof import('../../../examples/adapters/index.js');
const load = <T>(path: string): Promise<T> => import(pathToFileURL(join(DIST, path)).href) as Promise<T>;

describe('start-up with shadow threads that never get ready', () => {
  let dir: string;
  let stack: Awaited<ReturnType<Stack['startSampleStack']>>;
  let strangler: Awaited<ReturnType<Runtime['startStrangler']>>;
  let startedInMs: number;
  const logged: { level: number; msg: string; waitedMs?: number }[] = [];

  beforeAll(async () => {
    const [{ startStrangler }, { loadConfig }, { startSampleStack }, { exampleAdapters }] = await Promise.all([
      load<Runtime>('runtime/index.js'),
      load<Config>('config/index.js'),
      load<Stack>('examples/sample-stack/index.js'),
      load<Adapters>('examples/adapters/index.js'),
    ]);
    dir = mkdtempSync(join(tmpdir(), 'strangler-e2e-stuck-thread-'));
    // The sample adapters, except that a shadow thread importing this module never finishes.
    const stuck = join(dir, 'stuck-adapters.mjs');
    writeFileSync(
      stuck,
      `import { isMainThread } from 'node:worker_threads';
      if (!isMainThread) await new Promise(() => {});
      export * from ${JSON.stringify(pathToFileURL(join(DIST, 'examples/adapters/index.js')).href)};\n`,
    );
    stack = await startSampleStack({ dbFile: join(dir, 'sample.db') });
    const config = loadConfig({
      overrides: {
        ...stack.configOverrides(),
        server: { port: 0, host: '127.0.0.1' },
        admin: { port: null },
        store: { url: `sqlite:${join(dir, 'strangler.db')}`, flushIntervalMs: 50 },
        shadow: { workers: 1 },
        routes: [{ id: 'item', method: 'GET', path: '/api/items/:id', adapter: 'item', mode: 'shadow', sample: 1 }],
      },
    });
    const logger = pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
    const t0 = performance.now();
    strangler = await startStrangler(config, {
      logger,
      builtInAdapters: exampleAdapters,
      builtInAdaptersModule: pathToFileURL(stuck).href,
      shadowThreadsWaitMs: 300,
    });
    startedInMs = performance.now() - t0;
  }, 60_000);

  afterAll(async () => {
    await strangler?.close();
    await stack?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves after the wait, says so, and calls the candidate on the event loop meanwhile', async () => {
    expect(startedInMs).toBeLessThan(10_000);
    expect(logged).toContainEqual(expect.objectContaining({ level: 40, waitedMs: 300, msg: expect.stringMatching(/shadow threads not ready/) }));
    expect(logged.some((l) => /called from the shadow threads/.test(l.msg))).toBe(false);

    const res = await fetch(`http://127.0.0.1:${strangler.proxy.port}/api/items/1`, { headers: { 'x-operator-id': 'op-1' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ result: 'OK' });
    await strangler.shadow!.runner.idle();
    await strangler.writer.flush();
    const results = await strangler.store.shadowResults({ routeId: 'item' });
    expect(results).toHaveLength(1);
    // The candidate answered (from the event loop: the thread never built it).
    expect(results[0]).toMatchObject({ kind: 'read', candidateError: null, statusCandidate: 200 });
  });
});
