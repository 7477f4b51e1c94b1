import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../store/index.js';
import { isStoreUnreachable } from '../../../store/index.js';
import { get, metricValue, serveProcess, startRig, until, relayedDatabase, type RelayedDatabase } from './harness.js';
import { startSampleStack } from '../../../examples/sample-stack/index.js';

// The MySQL store unreachable when the proxy starts (a deploy or a restart during a database outage).
// Through a TCP relay on port 0 in front of the machine's MariaDB, on a database of this file's own.

const database = `strangler_faults_start_${process.pid}`;
let db: RelayedDatabase;
const figures: Record<string, number> = {};

beforeAll(async () => {
  db = await relayedDatabase(database);
});

afterAll(async () => {
  await db?.drop();
  console.log('[faults] database-at-start', JSON.stringify(figures));
});

describe('the MySQL store unreachable when the proxy starts', () => {
  it('regression: opening an unreachable store crashed with a raw ECONNREFUSED; now it is STORE_ERR_UNAVAILABLE, password masked', async () => {
    await db.relay.stop();
    try {
      const err = await openStore(`mysql://root:secret@127.0.0.1:${db.relay.port}/${database}`).then(
        (s) => s.close().then(() => null),
        (e: unknown) => e as { code?: string; message: string },
      );
      expect(err?.code).toBe('STORE_ERR_UNAVAILABLE');
      expect(err?.message).not.toContain('secret');
      expect(isStoreUnreachable(err)).toBe(true);
    } finally {
      await db.relay.start();
    }
  });

  it('refuses to start when the database answers but refuses the credentials (a config mistake, not an outage)', async () => {
    const err = await startRig({ overrides: { store: { url: `mysql://root:wrong-password@127.0.0.1:3306/${database}` } } }).then(
      (r) => r.close().then(() => null),
      (e: unknown) => e as { code?: string },
    );
    expect(err?.code).toBe('STORE_ERR_UNAVAILABLE');
    expect(isStoreUnreachable(err)).toBe(false);
  });

  it('regression: the proxy did not start at all; now it serves every route from legacy, then follows the flags once the database answers', async () => {
    await db.relay.stop();
    const url = `mysql://root@127.0.0.1:${db.relay.port}/${database}`;
    const rig = await startRig({
      routes: [{ id: 'user', methods: ['GET'], path: '/api/users/:id', adapter: 'user', mode: 'new' }],
      overrides: { store: { url, flushIntervalMs: 20 } },
    });
    try {
      let sent = 0;
      for (; sent < 10; sent++) expect((await get(rig.base, `/api/users/${sent + 1}`, { 'x-operator-id': 'op-1' })).status).toBe(200);
      // Legacy served them: the route's configured `new` is not trusted while the flags cannot be read.
      expect(metricValue(await rig.metrics(), 'strangler_requests_total', { route: 'user', mode: 'legacy' })).toBe(sent);

      await db.relay.start();
      const back = Date.now();
      const onNew = await until(async () => {
        expect((await get(rig.base, '/api/users/1', { 'x-operator-id': 'op-1' })).status).toBe(200);
        sent++;
        return metricValue(await rig.metrics(), 'strangler_requests_total', { route: 'user', mode: 'new' }) > 0;
      }, 400, 25);
      expect(onNew).toBe(true);
      figures.flagsFollowedAfterMs = Date.now() - back;

      const { writer } = rig.running;
      expect(await until(() => writer.stats().buffered === 0 && writer.stats().written === sent, 600, 25)).toBe(true);
      figures.allWrittenAfterMs = Date.now() - back;
      const [rows] = await db.admin.query<mysql.RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${database}.request_events`);
      expect(Number(rows[0].n)).toBe(sent);
      const [flags] = await db.admin.query<mysql.RowDataPacket[]>(`SELECT mode FROM ${database}.flags WHERE route_id = 'user'`);
      expect(flags[0]?.mode).toBe('new');
    } finally {
      await rig.close();
    }
  });

  it('regression: `serve --workers 2` would not start (its primary needs the store); now the workers serve legacy and write their events once the database answers', async () => {
    const cli = join(resolve(import.meta.dirname, '../../..'), 'dist/cli/main.js');
    expect(existsSync(cli), 'dist/cli/main.js: run `npm run build` first').toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'strangler-faults-start-'));
    const stack = await startSampleStack({ dbFile: join(dir, 'sample.db') });
    await db.relay.stop();
    const configFile = join(dir, 'serve.yaml');
    writeFileSync(configFile, [
      `legacy: { url: "${stack.legacy.url}" }`,
      `server: { host: 127.0.0.1, workers: 2 }`,
      `store: { url: "mysql://root@127.0.0.1:${db.relay.port}/${database}", flushIntervalMs: 50 }`,
    ].join('\n'));
    const { proc, port, exited } = await serveProcess(cli, configFile, dir);
    try {
      for (let i = 1; i <= 6; i++) expect((await get(`http://127.0.0.1:${port}`, `/api/users/${i}`)).status).toBe(200);
      await db.relay.start();
      const written = await until(async () => {
        const [rows] = await db.admin.query<mysql.RowDataPacket[]>(
          `SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ? AND table_name = 'request_events'`, [database]);
        if (Number(rows[0].n) === 0) return false;
        const [events] = await db.admin.query<mysql.RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${database}.request_events WHERE path LIKE '/api/users/%'`);
        return Number(events[0].n) >= 6;
      }, 300, 50);
      expect(written).toBe(true);
    } finally {
      proc.kill('SIGTERM');
      expect(await exited).toBe(0);
      await stack.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);
});
