import http from 'node:http';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, serveProcess, startSlowBodyLegacy, relayedDatabase, type RelayedDatabase } from './harness.js';

// SIGTERM to a real `strangler serve` process while its MySQL store is down: the process must still
// exit (after the writer's 5 s flush retry), and the events it could not write are counted and logged,
// never silently lost. MariaDB is reached through a TCP relay; the database is this file's own.

const root = resolve(import.meta.dirname, '../../..');
const cli = join(root, 'dist/cli/main.js');
const database = `strangler_faults_term_${process.pid}`;

let dir: string;
let legacy: Awaited<ReturnType<typeof startSlowBodyLegacy>>;
let db: RelayedDatabase;
let child: ChildProcess | null = null;
const figures: Record<string, number> = {};

beforeAll(async () => {
  expect(existsSync(cli), 'dist/cli/main.js: run `npm run build` first').toBe(true);
  dir = mkdtempSync(join(tmpdir(), 'strangler-faults-term-db-'));
  legacy = await startSlowBodyLegacy();
  db = await relayedDatabase(database);
});

afterAll(async () => {
  if (child !== null && child.exitCode === null) child.kill('SIGKILL');
  await legacy?.close();
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  console.log('[faults] sigterm-store-down', JSON.stringify(figures));
});

describe('SIGTERM to strangler serve while its database is down', () => {
  it('exits 0 after the 5 s flush retry, and counts and logs the events it could not write', async () => {
    const configFile = join(dir, 'mysql.yaml');
    writeFileSync(configFile, [
      `legacy: { url: "${legacy.url}", timeoutMs: 5000 }`,
      `server: { host: 127.0.0.1 }`,
      `store: { url: "mysql://root@127.0.0.1:${db.relay.port}/${database}", flushIntervalMs: 60000, batchSize: 100000 }`,
    ].join('\n'));
    const logs: string[] = [];
    const { proc, port, exited } = await serveProcess(cli, configFile, dir, logs);
    child = proc;
    const agent = new http.Agent({ keepAlive: true });
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => request(port, agent, `/down/${i}`)));
    expect(outcomes.every((o) => o === 'complete')).toBe(true);
    agent.destroy();

    await db.relay.stop();
    const t0 = Date.now();
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    figures.exitMs = Date.now() - t0;
    const drops = logs.join('').split('\n').filter((l) => l.includes('dropped rows')).map((l) => JSON.parse(l) as { kind: string; totalDropped: number });
    const dropped = drops.find((d) => d.kind === 'events')?.totalDropped ?? 0;
    figures.eventsDropped = dropped;
    expect(dropped).toBe(12);
    const [rows] = await db.admin.query<mysql.RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${database}.request_events`);
    expect(Number(rows[0].n)).toBe(0);
    // Each request's log line is its event: what the store lost is still in the log.
    const requestLines = logs.join('').split('\n').filter((l) => l.includes('"msg":"request"') && l.includes('/down/'));
    expect(requestLines).toHaveLength(12);
  }, 20_000);
});
