import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLegacyFixture, type LegacyFixture } from '../e2e/proxy/legacy-fixture.js';
import { request } from '../e2e/proxy/harness.js';

// The real command as users run it: the compiled CLI (npm test builds it first in `pretest`).
const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli', 'main.js');

interface Served {
  child: ChildProcess;
  listening: Promise<{ port: number; adminPort: number }>;
  exit: Promise<{ code: number | null; stderr: string }>;
  /** What the process has written to stdout so far (its JSON log lines). */
  stdout(): string;
}

function serve(args: string[]): Served {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  let stderr = '';
  let resolveListening: (v: { port: number; adminPort: number }) => void;
  const listening = new Promise<{ port: number; adminPort: number }>((r) => (resolveListening = r));
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
    const m = /proxying http:\/\/[^:]+:(\d+) .*admin on http:\/\/[^:]+:(\d+)/.exec(stderr);
    if (m) resolveListening({ port: Number(m[1]), adminPort: Number(m[2]) });
  });
  const exit = new Promise<{ code: number | null; stderr: string }>((r) => child.once('exit', (code) => r({ code, stderr })));
  return { child, listening, exit, stdout: () => stdout };
}

let legacy: LegacyFixture;
beforeAll(async () => {
  legacy = await startLegacyFixture();
});
afterAll(async () => {
  await legacy.close();
});

describe.runIf(existsSync(CLI))('strangler serve', () => {
  it('proxies everything with only --legacy and --port, and exits 0 on SIGTERM', async () => {
    const s = serve(['--legacy', legacy.url, '--port', '0', '--host', '127.0.0.1', '--admin-port', '0']);
    const { port, adminPort } = await s.listening;
    const res = await request(`http://127.0.0.1:${port}`, '/any/path?x=1');
    expect(JSON.parse(res.body.toString()).url).toBe('/any/path?x=1');
    expect((await request(`http://127.0.0.1:${adminPort}`, '/healthz')).status).toBe(200);
    s.child.kill('SIGTERM');
    expect((await s.exit).code).toBe(0);
  });

  it('writes a request log line within about a second even when the proxy is quiet', async () => {
    const s = serve(['--legacy', legacy.url, '--port', '0', '--host', '127.0.0.1', '--admin-port', '0']);
    try {
      const { port } = await s.listening;
      expect((await request(`http://127.0.0.1:${port}`, '/quiet/one')).status).toBe(200);
      // One line is far below the write batch: it must still reach stdout while the process runs.
      await expect
        .poll(() => s.stdout().split('\n').filter((l) => l.includes('"msg":"request"')).length, { timeout: 3_000, interval: 100 })
        .toBe(1);
      expect(JSON.parse(s.stdout().split('\n').find((l) => l.includes('"msg":"request"'))!)).toMatchObject({ path: '/quiet/one', status: 200 });
    } finally {
      s.child.kill('SIGTERM');
      await s.exit;
    }
  });

  it('refuses an unknown --log-level with CFG_ERR_INVALID and exit code 2', async () => {
    const s = serve(['--legacy', legacy.url, '--port', '0', '--log-level', 'verbose']);
    const { code, stderr } = await s.exit;
    expect(code).toBe(2);
    expect(stderr).toContain('CFG_ERR_INVALID');
    expect(stderr).toContain('log.level');
  });

  it('refuses a bad config with every problem listed and exit code 2', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'strangler-serve-')), 'bad.yaml');
    writeFileSync(file, 'legacy: http://127.0.0.1:1\nserver: { port: -1 }\nroutes:\n  - { id: a, path: /a, mode: canary, percent: 500 }\n');
    const s = serve(['--config', file]);
    const { code, stderr } = await s.exit;
    expect(code).toBe(2);
    expect(stderr).toContain('CFG_ERR_INVALID');
    expect(stderr).toContain('server.port');
    expect(stderr).toContain('routes[0].percent');
  });

  it('runs --workers 2 behind one port, with metrics summed on the primary admin port', async () => {
    const s = serve(['--legacy', legacy.url, '--port', '0', '--host', '127.0.0.1', '--admin-port', '0', '--workers', '2']);
    const { port, adminPort } = await new Promise<{ port: number; adminPort: number }>((resolve) => {
      let text = '';
      s.child.stderr!.on('data', (c: Buffer) => {
        text += c.toString();
        const m = /2 workers proxying http:\/\/[^:]+:(\d+) .*admin on http:\/\/[^:]+:(\d+)/.exec(text);
        if (m) resolve({ port: Number(m[1]), adminPort: Number(m[2]) });
      });
    });
    for (let i = 0; i < 6; i++) expect((await request(`http://127.0.0.1:${port}`, `/w/${i}`)).status).toBe(200);
    const metrics = (await request(`http://127.0.0.1:${adminPort}`, '/metrics')).body.toString();
    expect(metrics).toMatch(/strangler_requests_total\{route="-",mode="legacy",status="200",served_by="legacy"\} 6\b/);
    s.child.kill('SIGTERM');
    expect((await s.exit).code).toBe(0);
  });
});
