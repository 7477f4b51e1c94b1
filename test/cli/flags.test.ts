import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../store/index.js';
import type { Store } from '../../store/index.js';
import { seedFlags } from '../../flags/index.js';
import { register as registerFlags } from '../../cli/flags.js';
import { register as registerGate } from '../../cli/gate.js';
import { register as registerPrune } from '../../cli/prune.js';
import { register as registerMigrate } from '../../cli/migrate.js';
import { makeEvent, makeResult, sqliteFixture } from '../store/fixtures.js';
import type { Fixture } from '../store/fixtures.js';
import { runCli } from './run-cli.js';
import { MIGRATIONS } from '../../store/migrations.js';

describe('store commands (flags, gate, migrate, prune)', () => {
  let fx: Fixture;
  let store: Store;
  beforeAll(async () => {
    fx = sqliteFixture();
    store = await openStore(fx.url);
    await seedFlags(store, [{ id: 'inquiry', mode: 'shadow', percent: 0, sample: 1 }]);
  });
  afterAll(async () => {
    await store?.close();
    await fx?.cleanup();
  });

  it('migrate reports the schema version', async () => {
    const r = await runCli(registerMigrate, ['migrate', '--db', fx.url]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`version ${MIGRATIONS.at(-1)!.version}`));
  });

  it('flags list and set, with the CLI user as actor', async () => {
    const list = await runCli(registerFlags, ['flags', 'list', '--db', fx.url, '--json']);
    expect(JSON.parse(list.out)).toHaveLength(1);
    const set = await runCli(registerFlags, ['flags', 'set', 'inquiry', 'shadow', '--sample', '0.25', '--reason', 'less load', '--db', fx.url]);
    expect(set.code).toBe(0);
    const [last] = (await store.flagHistory('inquiry')).slice(-1);
    expect(last).toMatchObject({ reason: 'less load', to: { sample: 0.25 } });
    // USER is anyone's to set: the trail says the change was not authenticated.
    expect(last.actor).toMatch(/^cli:.+ \(unauthenticated\)$/);
  });

  it('regression: a CLI change with an admin token of the config is recorded as that token, a wrong token is refused (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strangler-cli-token-'));
    const config = join(dir, 'strangler.yaml');
    writeFileSync(config, `legacy: http://127.0.0.1:1\nadmin:\n  tokens:\n    - { name: ops-lead, token: tok-0123456789abcdef }\n`);
    const good = join(dir, 'good');
    const bad = join(dir, 'bad');
    writeFileSync(good, 'tok-0123456789abcdef\n');
    writeFileSync(bad, 'tok-guess\n');
    try {
      const set = await runCli(registerFlags, ['flags', 'set', 'inquiry', 'shadow', '--sample', '0.5', '--reason', 'as ops lead', '--db', fx.url, '--config', config, '--token-file', good]);
      expect(set.code).toBe(0);
      expect((await store.flagHistory('inquiry')).at(-1)!.actor).toBe('token:ops-lead');
      const refused = await runCli(registerFlags, ['flags', 'panic', '--reason', 'x', '--db', fx.url, '--config', config, '--token-file', bad]);
      expect(refused.code).toBe(2);
      expect(refused.err).toContain('FLAG_ERR_CLI_TOKEN');
      const unchecked = await runCli(registerFlags, ['flags', 'panic', '--reason', 'x', '--db', fx.url, '--token-file', good]);
      expect(unchecked.code).toBe(2);
      expect(unchecked.err).toContain('FLAG_ERR_CLI_TOKEN');
      expect((await store.listFlags())[0]).toMatchObject({ mode: 'shadow', sample: 0.5 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('flags set to canary refuses with exit 1 when the gate fails, passes with --force', async () => {
    const refused = await runCli(registerFlags, ['flags', 'set', 'inquiry', 'canary', '--percent', '5', '--reason', 'try', '--db', fx.url]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('FLAG_ERR_GATE_FAILED');
    const forced = await runCli(registerFlags, ['flags', 'set', 'inquiry', 'canary', '--percent', '5', '--reason', 'try', '--force', '--db', fx.url]);
    expect(forced.code).toBe(0);
    expect((await store.listFlags())[0]).toMatchObject({ mode: 'canary', percent: 5 });
  });

  it('gate exits 1 then 0 as good results arrive', async () => {
    const args = ['gate', 'inquiry', '--min-samples', '3', '--min-match', '0.9', '--window', '1h', '--db', fx.url];
    const before = await runCli(registerGate, args);
    expect(before.code).toBe(1);
    expect(before.out).toContain('not ready');
    await store.insertShadowResults([makeResult({ ts: Date.now() }), makeResult({ ts: Date.now() }), makeResult({ ts: Date.now() })]);
    const after = await runCli(registerGate, args);
    expect(after.code).toBe(0);
  });

  it('flags history and panic', async () => {
    const p = await runCli(registerFlags, ['flags', 'panic', '--reason', 'incident', '--db', fx.url]);
    expect(p.code).toBe(0);
    expect((await store.listFlags()).every((f) => f.mode === 'legacy')).toBe(true);
    const h = await runCli(registerFlags, ['flags', 'history', 'inquiry', '--db', fx.url, '--json']);
    expect(JSON.parse(h.out).at(-1)).toMatchObject({ reason: 'panic: incident', to: { mode: 'legacy' } });
  });

  it('prune deletes old rows; a bad duration exits 2 with its code', async () => {
    await store.insertEvents([makeEvent({ ts: Date.now() - 40 * 86_400_000 }), makeEvent({ ts: Date.now() })]);
    const r = await runCli(registerPrune, ['prune', '--older-than', '30d', '--db', fx.url]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/pruned 1 request events/);
    const bad = await runCli(registerPrune, ['prune', '--older-than', 'soon', '--db', fx.url]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('STORE_ERR_BAD_DURATION');
  });

  it('regression: gate and flags list|history with a config that has no legacy run, and on a missing SQLite file create nothing (STORE_ERR_NO_DATABASE, exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strangler-ro-'));
    try {
      const config = join(dir, 'strangler.yaml');
      writeFileSync(config, `store: { url: "${fx.url}" }\n`);
      expect((await runCli(registerFlags, ['flags', 'list', '--config', config, '--json'])).code).toBe(0);
      expect((await runCli(registerGate, ['gate', 'inquiry', '--config', config])).code).toBe(1);
      const missing = join(dir, 'missing.db');
      for (const [reg, args] of [
        [registerFlags, ['flags', 'list']],
        [registerFlags, ['flags', 'history']],
        [registerGate, ['gate', 'inquiry']],
      ] as const) {
        const r = await runCli(reg, [...args, '--db', `sqlite:${missing}`]);
        expect(r.code, args.join(' ')).toBe(2);
        expect(r.err).toContain('STORE_ERR_NO_DATABASE');
        expect(existsSync(missing)).toBe(false);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
