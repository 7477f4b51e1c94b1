import { describe, it, expect, afterAll } from 'vitest';
import { gzipSync } from 'node:zlib';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { compareBodies, redactDifferences, redactPath, type RedactOptions } from '../../../compare/index.js';
import { createComparePool, packBatch, unpackBatch, type ComparePool, type ComparePoolOptions } from '../../../shadow/index.js';

// Threads started from TypeScript sources need a loader (the compiled build does not).
const execArgv = ['--import', new URL('../ts-loader/register.mjs', import.meta.url).href];
const redact: RedactOptions = { secret: 'k' };
const rules = { timestamps: ['$.at'], ignore: ['$.meta.request_id'] };

const pools: ComparePool[] = [];
afterAll(async () => {
  while (pools.length) await pools.pop()!.close();
});

function createPool(extra: Partial<ComparePoolOptions> = {}): ComparePool {
  const p = createComparePool({ size: 2, execArgv, routes: [{ id: 'r', rules }], redact, maxDecodedBytes: 1024 * 1024, ...extra });
  pools.push(p);
  return p;
}
// Starting a thread from sources transpiles compare/ again: share one pool where the test allows.
let shared: ComparePool | undefined;
const pool = (): ComparePool => (shared ??= createPool());

const legacy = {
  meta: { request_id: 'a1' },
  user: { id: 9, email: 'taro@example.com', phone: '090-1234-5678', plan: 'gold' },
  at: '2018-10-04 12:00:00',
  items: [{ id: 1, price: 100 }, { id: 2, price: 200 }],
};
const candidate = {
  meta: { request_id: 'b2' },
  user: { id: 9, email: 'hanako@example.jp', phone: '090-1234-5678', plan: 'silver' },
  at: '2018-10-04T03:00:00Z',
  items: [{ id: 1, price: '100' }],
};
const bytes = (v: unknown) => Buffer.from(JSON.stringify(v));

describe('createComparePool', () => {
  it('gives what the in-thread path gives: same equality, same redacted differences, raw paths for the noise model', async () => {
    const p = pool();
    const pairs = [
      { l: bytes(legacy), c: bytes(candidate), le: undefined, ce: undefined },
      { l: gzipSync(bytes(legacy)), c: bytes(candidate), le: 'gzip', ce: undefined },
      { l: bytes(legacy), c: bytes({ ...legacy, meta: { request_id: 'zz' } }), le: undefined, ce: undefined },
    ];
    // Many at once: they are batched per event-loop turn and spread over both threads.
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => pairs[i % pairs.length]!).map((pair) =>
        p.run({ routeId: 'r', contentType: 'application/json', legacy: pair.l, legacyEncoding: pair.le, other: pair.c, otherEncoding: pair.ce, path: '/api/users/taro@example.com' }),
      ),
    );
    const expected = compareBodies({ contentType: 'application/json', legacy: bytes(legacy), candidate: bytes(candidate), rules });
    expect(expected.equal).toBe(false);
    for (const i of [0, 1]) {
      expect(results[i]!.equal).toBe(false);
      expect(results[i]!.differences).toEqual(redactDifferences(expected.differences, redact));
      expect(results[i]!.raw).toEqual(expected.differences.map((d) => ({ path: d.path, kind: d.kind })));
      expect(results[i]!.path).toBe(redactPath('/api/users/taro@example.com', redact));
    }
    expect(JSON.stringify(results)).not.toContain('hanako@example.jp');
    expect(results[2]).toMatchObject({ equal: true, differences: [], raw: [] });
  });

  it('leaves the caller\'s buffers intact (copies are transferred, never the originals)', async () => {
    const l = bytes(legacy);
    const c = bytes(candidate);
    await pool().run({ routeId: 'r', contentType: 'application/json', legacy: l, legacyEncoding: undefined, other: c, otherEncoding: undefined, path: '/x' });
    expect(l.toString()).toBe(JSON.stringify(legacy));
    expect(c.toString()).toBe(JSON.stringify(candidate));
  });

  it('rejects a pair that cannot be decoded with stage decode and SHD_ERR_DECODE; a zip bomb is too large', async () => {
    const p = pool();
    const task = { routeId: 'r', contentType: 'application/json', other: bytes(candidate), otherEncoding: undefined, path: '/x' };
    await expect(p.run({ ...task, legacy: Buffer.from('not gzip'), legacyEncoding: 'gzip' })).rejects.toMatchObject({ stage: 'decode', code: 'SHD_ERR_DECODE' });
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024));
    await expect(p.run({ ...task, legacy: bomb, legacyEncoding: 'gzip' })).resolves.toMatchObject({ tooLarge: true });
  });

  it('rejects the tasks of a thread that dies with SHD_ERR_COMPARE_WORKER, restarts it, and keeps comparing', async () => {
    const warnings: object[] = [];
    const p = createPool({ size: 1, entry: new URL('../fixtures/crashing-worker.mjs', import.meta.url), logger: { warn: (o) => warnings.push(o) } });
    const task = { routeId: 'r', contentType: 'application/json', legacy: bytes(legacy), legacyEncoding: undefined, other: bytes(candidate), otherEncoding: undefined };
    await expect(p.run({ ...task, path: '/crash' })).rejects.toMatchObject({ code: 'SHD_ERR_COMPARE_WORKER', stage: 'compare' });
    expect(warnings).toEqual([expect.objectContaining({ code: 'SHD_ERR_COMPARE_WORKER' })]);
    await expect(p.run({ ...task, path: '/fine' })).resolves.toMatchObject({ equal: false, path: '/fine' });
  });
});

describe('comparison thread priority', () => {
  it.runIf(existsSync('/proc/thread-self'))('runs its threads at nice 10 on Linux, so the event loop wins the cores', async () => {
    const niceOfThreads = () =>
      readdirSync('/proc/self/task').map((tid) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]));
    const before = niceOfThreads().filter((n) => n === 10).length;
    const p = createPool({ size: 1 });
    // A finished task proves the thread has started (and set its priority first).
    await p.run({ routeId: 'r', contentType: 'text/plain', legacy: Buffer.from('a'), legacyEncoding: undefined, other: Buffer.from('b'), otherEncoding: undefined, path: '/' });
    expect(niceOfThreads().filter((n) => n === 10).length).toBe(before + 1);
  });
});

describe('packBatch / unpackBatch', () => {
  it('round-trips a turn of tasks through one buffer, empty bodies and non-ASCII included, without touching the originals', () => {
    const l = Buffer.from('{"名前":"あ"}');
    const tasks = [
      { id: 1, routeId: 'r', contentType: 'application/json', legacy: l, legacyEncoding: 'gzip', other: Buffer.alloc(0), otherEncoding: undefined, path: '/api/ユーザー/1' },
      { id: 2, routeId: 'r2', contentType: 'text/html', legacy: Buffer.alloc(0), legacyEncoding: undefined, other: Buffer.from('<p>x</p>'), otherEncoding: 'br', path: '/x' },
    ];
    const back = unpackBatch(packBatch(tasks)).tasks;
    expect(back.map((t) => ({ ...t, legacy: Buffer.from(t.legacy).toString(), other: Buffer.from(t.other).toString() }))).toEqual(
      tasks.map((t) => ({ ...t, legacy: t.legacy.toString(), other: t.other.toString(), callId: null, legacyTooLarge: false })),
    );
    expect(l.toString()).toBe('{"名前":"あ"}');
  });
});
