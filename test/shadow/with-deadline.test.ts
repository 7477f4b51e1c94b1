import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { withDeadline } from '../../shadow/with-deadline.js';

describe('withDeadline', () => {
  it("gives the promise's value when it settles first", async () => {
    expect(await withDeadline(Promise.resolve(['r']), 1000, null)).toEqual(['r']);
  });

  it('gives the fallback once the deadline passes, and rejects only on the promise\'s own account', async () => {
    expect(await withDeadline(new Promise<string>(() => undefined), 10, 'timed out')).toBe('timed out');
    await expect(withDeadline(Promise.reject(new Error('boom')), 1000, null)).rejects.toThrow('boom');
  });

  // In a child process: whether a timer holds the process open shows only in whether it exits.
  const waitIn = (keepAlive: boolean): string => {
    const loader = new URL('./ts-loader/register.mjs', import.meta.url).href;
    const module = new URL('../../shadow/with-deadline.ts', import.meta.url).href;
    const script = `const m = await import(${JSON.stringify(module)});
      m.withDeadline(new Promise(() => {}), 300, 'fallback', ${keepAlive}).then((v) => console.log(v));`;
    return execFileSync(process.execPath, ['--import', loader, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10_000 }).trim();
  };

  it('holds the process open until the deadline, unless told not to', () => {
    expect(waitIn(true)).toBe('fallback');
    expect(waitIn(false)).toBe('');
  });
});
