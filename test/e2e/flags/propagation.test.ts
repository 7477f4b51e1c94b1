import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSampleStack } from '../../../examples/sample-stack/index.js';

// Issue: several proxy instances share one MySQL; a change made through the CLI on the database is
// followed by all of them within 2 s, `panic` too. Two real `strangler serve` processes against MariaDB.
const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');
const cli = join(root, 'dist/cli/main.js');
const database = `strangler_prop_${process.pid}`;
const dbUrl = `mysql://root@127.0.0.1:3306/${database}`;

interface Instance { child: ChildProcess; port: number; name: string }
let admin: mysql.Connection;
let stack: Awaited<ReturnType<typeof startSampleStack>>;
const instances: Instance[] = [];
let dir: string;

async function startServe(configFile: string): Promise<Instance> {
  const child = spawn(process.execPath, [cli, 'serve', '--config', configFile, '--port', '0', '--admin-port', '0'], {
    cwd: dir, env: { ...process.env, STRANGLER_DB: dbUrl }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  const port = await new Promise<number>((ok, fail) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /proxying http:\/\/[^:]+:(\d+)/.exec(err);
      if (m) ok(Number(m[1]));
    });
    child.once('exit', (code) => fail(new Error(`serve exited ${code}: ${err}`)));
  });
  // The default instance name is host:pid, which tells the two processes' events apart.
  return { child, port, name: `${hostname()}:${child.pid}` };
}

async function waitForArm(instance: Instance, arm: string, sinceMs: number): Promise<number> {
  for (let i = 0; ; i++) {
    const userId = (i % 40) + 1;
    await fetch(`http://127.0.0.1:${instance.port}/api/users/${userId}`, { headers: { 'x-operator-id': 'op-prop' } }).then((r) => r.arrayBuffer());
    const [rows] = await admin.query<mysql.RowDataPacket[]>(
      'SELECT MIN(ts) AS first FROM request_events WHERE arm = ? AND ts >= ? AND instance = ?',
      [arm, sinceMs, instance.name],
    );
    const first = rows[0]?.first;
    if (first !== null && first !== undefined) return Number(first);
    if (Date.now() - sinceMs > 8000) throw new Error(`instance on ${instance.port} never served arm ${arm}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function lastAuditTs(after: number): Promise<number> {
  const [rows] = await admin.query<mysql.RowDataPacket[]>('SELECT MAX(ts) AS ts FROM flag_audit WHERE ts >= ?', [after]);
  expect(rows[0]?.ts).not.toBeNull();
  return Number(rows[0].ts);
}

beforeAll(async () => {
  admin = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
  await admin.query(`DROP DATABASE IF EXISTS ${database}`);
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.changeUser({ database });
  dir = mkdtempSync(join(tmpdir(), 'strangler-prop-'));
  stack = await startSampleStack({ dbFile: join(dir, 'sample.db') });
  for (let i = 0; i < 2; i++) {
    const configFile = join(dir, `serve-${i}.yaml`);
    const yaml = [
      `legacy: { url: "${stack.legacy.url}" }`,
      `candidate: { url: "${stack.graphql.url}", schema: { from: sdl, file: "${stack.schemaFile}" } }`,
      `adapters: "${join(root, 'dist/examples/adapters')}"`,
      `store: { flushIntervalMs: 50 }`,
      `flags: { pollIntervalMs: 500 }`,
      `routes:`,
      `  - { id: user, method: GET, path: "/api/users/:id", adapter: user, mode: legacy }`,
    ].join('\n');
    writeFileSync(configFile, yaml);
    const inst = await startServe(configFile);
    instances.push(inst);
  }
}, 60_000);

afterAll(async () => {
  for (const i of instances) i.child.kill('SIGTERM');
  await Promise.all(instances.map((i) => new Promise((r) => (i.child.exitCode !== null ? r(null) : i.child.once('exit', r)))));
  await stack?.close();
  await admin?.query(`DROP DATABASE IF EXISTS ${database}`);
  await admin?.end();
});

describe('flag propagation between two serve processes on one MariaDB', () => {
  it('follows `flags set` and `flags panic` made through the CLI within 2 s, with audit rows', async () => {
    expect(instances).toHaveLength(2);
    const before = Date.now();
    await run(process.execPath, [cli, 'flags', 'set', 'user', 'shadow', '--sample', '1', '--reason', 'start shadowing users', '--db', dbUrl], { cwd: dir });
    // The change happened when its audit row was written (the CLI's own start-up is not the proxies' delay).
    const setAt = await lastAuditTs(before);
    const firstShadow = await Promise.all(instances.map((i) => waitForArm(i, 'shadow', setAt)));
    for (const t of firstShadow) expect(t - setAt).toBeLessThanOrEqual(2000);

    await run(process.execPath, [cli, 'flags', 'panic', '--reason', 'candidate looks wrong', '--db', dbUrl], { cwd: dir });
    const panicAt = await lastAuditTs(setAt);
    const firstLegacy = await Promise.all(instances.map((i) => waitForArm(i, 'legacy', panicAt)));
    for (const t of firstLegacy) expect(t - panicAt).toBeLessThanOrEqual(2000);

    const [audit] = await admin.query<mysql.RowDataPacket[]>('SELECT actor, reason FROM flag_audit WHERE route_id = ? ORDER BY id', ['user']);
    const reasons = audit.map((r) => r.reason as string);
    expect(reasons.some((r) => r.includes('start shadowing users'))).toBe(true);
    expect(reasons.some((r) => r.includes('candidate looks wrong'))).toBe(true);
    expect(audit.every((r) => String(r.actor).startsWith('cli:') || String(r.actor).startsWith('config:'))).toBe(true);
  }, 40_000);
});
