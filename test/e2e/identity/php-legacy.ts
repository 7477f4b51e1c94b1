import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A real PHP legacy (php -S) with file sessions of its own. */
export interface PhpLegacy {
  url: string;
  close(): Promise<void>;
}

const ROUTER = join(dirname(fileURLToPath(import.meta.url)), 'php-legacy', 'router.php');

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** Start `php -S` on a free loopback port with the login app in php-legacy/router.php. */
export async function startPhpLegacy(): Promise<PhpLegacy> {
  const sessions = mkdtempSync(join(tmpdir(), 'strangler-php-sessions-'));
  const port = await freePort();
  const child: ChildProcess = spawn('php', ['-d', `session.save_path=${sessions}`, '-d', 'display_errors=stderr', '-S', `127.0.0.1:${port}`, ROUTER], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => { stderr += c.toString(); });
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`php -S did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(sessions, { recursive: true, force: true });
    },
  };
}

/** True when the machine has php (CI installs php-cli; see .ci/run). */
export async function hasPhp(): Promise<boolean> {
  return new Promise((resolve) => {
    const p = spawn('php', ['-v'], { stdio: 'ignore' });
    p.once('error', () => resolve(false));
    p.once('exit', (code) => resolve(code === 0));
  });
}
