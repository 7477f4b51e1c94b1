import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureStoredRedactKey, openStore } from '../../store/index.js';
import { hashToken } from '../../compare/index.js';
import type { Store } from '../../store/index.js';
import { register } from '../../cli/export.js';
import { makeEvent, sqliteFixture } from '../store/fixtures.js';
import type { Fixture } from '../store/fixtures.js';
import { runCli } from './run-cli.js';

describe('strangler export', () => {
  let fx: Fixture;
  let store: Store;
  beforeAll(async () => {
    fx = sqliteFixture();
    store = await openStore(fx.url);
    await store.insertEvents([makeEvent({ ts: Date.now() }), makeEvent({ ts: Date.now() - 10 * 86_400_000 })]);
  });
  afterAll(async () => {
    await store?.close();
    await fx?.cleanup();
  });

  it('ndjson --since writes the recent rows and plain progress lines off a terminal', async () => {
    const out = join(fx.url.slice('sqlite:'.length), '..', 'nd');
    const r = await runCli(register, ['export', 'ndjson', '--out', out, '--since', '1d', '--db', fx.url]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('request_events: 1/1');
    expect(readFileSync(join(out, 'request_events.ndjson'), 'utf8').trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(out, 'shadow_results.schema.json'))).toBe(true);
  });

  it('--pseudonymise-operators without any redaction key refuses with STORE_ERR_NO_REDACT_KEY and exit 2', async () => {
    const saved = process.env.STRANGLER_REDACT_KEY;
    delete process.env.STRANGLER_REDACT_KEY;
    try {
      const out = join(fx.url.slice('sqlite:'.length), '..', 'nd-nokey');
      const r = await runCli(register, ['export', 'ndjson', '--out', out, '--pseudonymise-operators', '--db', fx.url]);
      expect(r.code).toBe(2);
      expect(r.err).toContain('STORE_ERR_NO_REDACT_KEY');
    } finally {
      if (saved !== undefined) process.env.STRANGLER_REDACT_KEY = saved;
    }
  });

  it('--pseudonymise-operators exports operator_id as its keyed hash under the store\'s key; the store keeps the id', async () => {
    const saved = process.env.STRANGLER_REDACT_KEY;
    delete process.env.STRANGLER_REDACT_KEY;
    try {
      const key = await ensureStoredRedactKey(store);
      const out = join(fx.url.slice('sqlite:'.length), '..', 'nd-pseudo');
      const r = await runCli(register, ['export', 'ndjson', '--out', out, '--pseudonymise-operators', '--db', fx.url]);
      expect(r.code).toBe(0);
      const rows = readFileSync(join(out, 'request_events.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { operator_id: string });
      expect(rows).toHaveLength(2);
      for (const row of rows) expect(row.operator_id).toBe(hashToken(key, 'op-1'));
      const [stored] = await store.query<{ operator_id: string }>('SELECT operator_id FROM request_events LIMIT 1');
      expect(stored.operator_id).toBe('op-1');
    } finally {
      if (saved !== undefined) process.env.STRANGLER_REDACT_KEY = saved;
    }
  });

  it('bigquery refuses a bad --since with a code and exit 2 before calling out', async () => {
    const r = await runCli(register, ['export', 'bigquery', '--project', 'p', '--dataset', 'd', '--since', 'lately', '--api-endpoint', 'http://127.0.0.1:1', '--db', fx.url]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('STORE_ERR_BAD_DURATION');
  });
});
