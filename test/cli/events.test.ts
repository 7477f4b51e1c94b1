import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register as registerEvents } from '../../cli/events.js';
import { openStore } from '../../store/index.js';
import type { Store } from '../../store/index.js';
import type { RequestEvent } from '../../model/index.js';
import { makeEvent, sqliteFixture } from '../store/fixtures.js';
import type { Fixture } from '../store/fixtures.js';
import { runCli } from './run-cli.js';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli', 'main.js');
const NOW = Date.now();

describe('strangler events list|tail', () => {
  let fx: Fixture;
  let store: Store;
  beforeAll(async () => {
    fx = sqliteFixture();
    store = await openStore(fx.url);
    const events: RequestEvent[] = [];
    for (let i = 0; i < 60; i++) {
      events.push(makeEvent({ id: `e${i}`, ts: NOW - 60_000 + i * 1000, operatorId: `op${i % 3}`, routeId: i % 2 === 0 ? 'item' : 'user', path: `/api/items/${i}` }));
    }
    // Imported from an access log, so never through the proxy's redaction.
    events.push(makeEvent({ id: 'pii', ts: NOW - 500, operatorId: 'op9', routeId: 'user', path: '/api/users/taro.yamada@example.com', caseId: 'taro.yamada@example.com' }));
    await store.insertEvents(events);
  });
  afterAll(async () => {
    await store?.close();
    await fx?.cleanup();
  });

  it('list prints the newest events, oldest first, with the operator ids', async () => {
    const r = await runCli(registerEvents, ['events', 'list', '--limit', '5', '--db', fx.url]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toContain('/api/items/56');
    expect(lines[3]).toContain('/api/items/59');
    expect(lines[3]).toMatch(/op=op2 .*route=user/);
  });

  it('list --route --json gives the stored events of one route', async () => {
    const r = await runCli(registerEvents, ['events', 'list', '--route', 'item', '--limit', '3', '--json', '--db', fx.url]);
    const rows = r.out.trim().split('\n').map((l) => JSON.parse(l) as RequestEvent);
    expect(rows.map((e) => e.id)).toEqual(['e54', 'e56', 'e58']);
  });

  it('redacts an e-mail address in a path and a case id that reached the store unredacted', async () => {
    const r = await runCli(registerEvents, ['events', 'list', '--limit', '1', '--json', '--db', fx.url]);
    const [row] = r.out.trim().split('\n').map((l) => JSON.parse(l) as RequestEvent);
    expect(row!.id).toBe('pii');
    expect(r.out).not.toContain('taro.yamada');
    expect(row!.operatorId).toBe('op9');
  });

  it.runIf(existsSync(CLI))('tail follows events stored after it started, until SIGINT', async () => {
    const child = spawn(process.execPath, [CLI, 'events', 'tail', '--limit', '1', '--interval', '100ms', '--db', fx.url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    const waitFor = async (text: string) => {
      for (let i = 0; i < 1200 && !out.includes(text); i++) await new Promise((r) => setTimeout(r, 50));
      expect(out).toContain(text);
    };
    await waitFor('op9');
    await store.insertEvents([makeEvent({ id: 'late', ts: Date.now(), operatorId: 'op-late', routeId: 'item', path: '/api/items/late' })]);
    await waitFor('/api/items/late');
    const code = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    child.kill('SIGINT');
    expect(await code).toBe(0);
    expect(out.trim().split('\n')).toHaveLength(2);
  }, 120_000);
});
