import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../store/index.js';
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

  it('bigquery refuses a bad --since with a code and exit 2 before calling out', async () => {
    const r = await runCli(register, ['export', 'bigquery', '--project', 'p', '--dataset', 'd', '--since', 'lately', '--api-endpoint', 'http://127.0.0.1:1', '--db', fx.url]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('STORE_ERR_BAD_DURATION');
  });
});
