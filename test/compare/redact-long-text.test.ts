import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { holdsPii } from '../../compare/redact-detectors.js';
import { scrubValue } from '../../reports/scrub.js';

const execArgv = ['--import', new URL('../shadow/ts-loader/register.mjs', import.meta.url).href];
/** Run the scrubbers over 1 MB runs in a worker; resolves true when they finish, false when the guard ends it. */
function scrubsLongRuns(guardMs: number): Promise<boolean> {
  const worker = new Worker(new URL('./scrub-long-runs-worker.ts', import.meta.url), { execArgv });
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => void worker.terminate().then(() => resolve(false)), guardMs);
    worker.once('message', () => {
      clearTimeout(guard);
      void worker.terminate().then(() => resolve(true));
    });
    worker.once('error', (err) => {
      clearTimeout(guard);
      reject(err);
    });
  });
}

describe('scrubbing long text', () => {
  // Under the bug a 1 MB run took about 1000 s (quadratic); fixed, well under a second. The guard is a
  // hang detector far from both, not a speed assertion.
  it('regression (e-mail scrubbing was quadratic on long runs without @, a ReDoS on request paths): 1 MB runs are scrubbed', async () => {
    expect(await scrubsLongRuns(30_000)).toBe(true);
  }, 40_000);

  it('still finds the address inside a long run', () => {
    expect(holdsPii(`${'x'.repeat(5000)} taro@example.jp ${'y'.repeat(5000)}`)).toBe(true);
    expect(scrubValue(`${'z'.repeat(50)} hanako@example.co.jp`)).not.toContain('hanako');
  });
});
