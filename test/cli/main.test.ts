import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };

const run = promisify(execFile);
// The compiled CLI, as users run it (npm test builds it first in `pretest`).
const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli', 'main.js');
const COMMANDS = ['serve', 'migrate', 'prune', 'flags', 'gate', 'export', 'compare', 'report', 'events', 'demo'];

describe.runIf(existsSync(CLI))('strangler (main)', () => {
  it('lists every command in its help, although a command run loads only itself', async () => {
    const { stdout } = await run(process.execPath, [CLI, '--help']);
    for (const name of COMMANDS) expect(stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
  });

  it('runs a command that was loaded alone, with its own help', async () => {
    const { stdout } = await run(process.execPath, [CLI, 'serve', '--help']);
    expect(stdout).toContain('--legacy <url>');
    expect(stdout).toContain('--workers <n>');
  });

  it('suggests the command a typo meant, and exits 2 (a usage error)', async () => {
    const err = await run(process.execPath, [CLI, 'sevre']).then(() => null, (e: { code: number; stderr: string }) => e);
    expect(err).not.toBeNull();
    expect(err!.code).toBe(2);
    expect(err!.stderr).toContain("unknown command 'sevre'");
    expect(err!.stderr).toContain('serve');
  });

  it('--version prints the package version and exits 0', async () => {
    const { stdout } = await run(process.execPath, [CLI, '--version']);
    expect(stdout.trim()).toBe(pkg.version);
  });

  // Commander's own default is 1, which `gate` and `compare` use for "not ready" and "different".
  it.each([
    ['no command', []],
    ['an unknown option', ['flags', 'list', '--no-such-option']],
    ['a missing argument', ['gate']],
    ['a missing required option', ['prune']],
    ['an invalid option value', ['serve', '--port', 'eighty']],
    ['an unknown subcommand', ['report', 'speed']],
    ['a bad --limit', ['events', 'list', '--limit', 'lots']],
  ])('a usage error exits 2 everywhere: %s', async (_what, args) => {
    const err = await run(process.execPath, [CLI, ...args]).then(() => null, (e: { code: number }) => e);
    expect(err?.code).toBe(2);
  });

  it('help exits 0, for the program and a command', async () => {
    await expect(run(process.execPath, [CLI, 'events', '--help'])).resolves.toMatchObject({ stdout: expect.stringContaining('tail') });
    await expect(run(process.execPath, [CLI, 'help', 'gate'])).resolves.toBeDefined();
  }, 90_000);
});
