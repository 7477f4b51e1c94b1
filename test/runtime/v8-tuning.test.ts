import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { proxyV8Flags } from '../../runtime/v8-tuning.js';

describe('proxyV8Flags', () => {
  it('turns allocation-site pretenuring off by default', () => {
    expect(proxyV8Flags([])).toEqual(['--no-allocation-site-pretenuring']);
    expect(proxyV8Flags(['--enable-source-maps', '--max-old-space-size=2048'])).toEqual(['--no-allocation-site-pretenuring']);
  });

  it("leaves it to node's command line when that names it, either way and in either spelling", () => {
    for (const given of ['--allocation-site-pretenuring', '--no-allocation-site-pretenuring', '--allocation_site_pretenuring', '--no-allocation_site_pretenuring']) {
      expect(proxyV8Flags(['--enable-source-maps', given])).toEqual([]);
    }
  });

  it("names a flag this node's V8 has: V8 ignores one it does not know, without a word", () => {
    const known = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    for (const flag of proxyV8Flags([])) {
      const name = flag.replace(/^--no-/, '--');
      expect(known).toMatch(new RegExp(`^\\s*${name}\\b`, 'm'));
    }
  });
});

describe('tuneV8ForProxy', () => {
  // In a child process: V8 flags are the whole process's, and the test runner's must stay as they are.
  const tunedIn = (nodeArgs: string[]): string[] => {
    const loader = new URL('../shadow/ts-loader/register.mjs', import.meta.url).href;
    const module = new URL('../../runtime/v8-tuning.ts', import.meta.url).href;
    const script = `const m = await import(${JSON.stringify(module)}); console.log(JSON.stringify(m.tuneV8ForProxy()));`;
    const out = execFileSync(process.execPath, [...nodeArgs, '--import', loader, '--input-type=module', '-e', script], { encoding: 'utf8' });
    return JSON.parse(out) as string[];
  };

  it("sets the flag in the process it runs in, reading node's own command line", () => {
    expect(tunedIn([])).toEqual(['--no-allocation-site-pretenuring']);
    expect(tunedIn(['--allocation-site-pretenuring'])).toEqual([]);
  });
});
