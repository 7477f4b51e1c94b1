import { describe, it, expect } from 'vitest';
import { createLimiter } from '../../shadow/limiter.js';

function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

describe('createLimiter', () => {
  it('holds global and per-key concurrency and drops past the queue', async () => {
    const l = createLimiter({ concurrency: 3, perKeyConcurrency: 2, queueSize: 2 });
    const g = gate();
    const started: string[] = [];
    const job = (name: string) => async () => {
      started.push(name);
      await g.promise;
    };
    expect(l.submit('a', job('a1'))).toBe(true);
    expect(l.submit('a', job('a2'))).toBe(true);
    expect(l.submit('a', job('a3'))).toBe(true); // queued: per-key limit
    expect(l.submit('b', job('b1'))).toBe(true); // runs: third global slot
    expect(l.submit('b', job('b2'))).toBe(true); // queued: global limit
    expect(l.submit('c', job('c1'))).toBe(false); // queue full: dropped
    await new Promise((r) => setImmediate(r));
    expect(started.sort()).toEqual(['a1', 'a2', 'b1']);
    expect(l.running).toBe(3);
    expect(l.queued).toBe(2);
    g.open();
    await l.idle();
    expect(started.sort()).toEqual(['a1', 'a2', 'a3', 'b1', 'b2']);
  });

  it.each([
    ['records it', (errors: unknown[]) => (e: unknown) => void errors.push(e)],
    // A broken logger: there is nowhere left to report to, and the slot must still be freed.
    ['itself throws', (errors: unknown[]) => (e: unknown) => {
      errors.push(e);
      throw new Error('broken logger');
    }],
  ] as const)('contains a throwing job and frees its slot when the error callback %s', async (_name, makeCallback) => {
    const errors: unknown[] = [];
    const l = createLimiter({ concurrency: 1, perKeyConcurrency: 1, queueSize: 1, onJobError: makeCallback(errors) });
    l.submit('a', () => {
      throw new Error('bug');
    });
    let ran = false;
    l.submit('a', async () => {
      ran = true;
    });
    await l.idle();
    expect(ran).toBe(true);
    expect(errors).toHaveLength(1);
    expect(l.running).toBe(0);
  });

  it('starts every job admitted in one turn on the next check phase, in order', async () => {
    const l = createLimiter({ concurrency: 8, perKeyConcurrency: 8, queueSize: 0 });
    const started: number[] = [];
    for (let i = 0; i < 5; i++) {
      l.submit('a', async () => {
        started.push(i);
      });
    }
    expect(started).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2, 3, 4]);
    await l.idle();
    expect(l.running).toBe(0);
  });

  it('never starts a job inside submit', () => {
    const l = createLimiter({ concurrency: 1, perKeyConcurrency: 1, queueSize: 0 });
    let ran = false;
    l.submit('a', async () => {
      ran = true;
    });
    expect(ran).toBe(false);
  });
});
