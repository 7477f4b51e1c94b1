import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

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

  it('suggests the command a typo meant, and exits non-zero', async () => {
    const err = await run(process.execPath, [CLI, 'sevre']).then(() => null, (e: { code: number; stderr: string }) => e);
    expect(err).not.toBeNull();
    expect(err!.code).not.toBe(0);
    expect(err!.stderr).toContain("unknown command 'sevre'");
    expect(err!.stderr).toContain('serve');
  });
});
