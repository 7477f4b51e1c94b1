import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportToNdjson, openStore } from '../../store/index.js';
import type { BigQueryField, Store } from '../../store/index.js';
import { makeEvent, makeResult, sqliteFixture } from './fixtures.js';
import type { Fixture } from './fixtures.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('exportToNdjson', () => {
  let fx: Fixture;
  let store: Store;
  beforeAll(async () => {
    fx = sqliteFixture();
    store = await openStore(fx.url);
  });
  afterAll(async () => {
    await store?.close();
    await fx?.cleanup();
  });

  it('writes one JSON object per line and a schema that bq load accepts, keeping redacted values as stored', async () => {
    const old = makeEvent({ ts: 1000 });
    const events = [makeEvent({ ts: Date.UTC(2026, 4, 1) }), makeEvent({ ts: Date.UTC(2026, 4, 2), caseId: null, fallback: true })];
    const redacted = makeResult({ ts: Date.UTC(2026, 4, 1), equal: false, differences: [{ path: '$.email', kind: 'changed', legacy: 'hmac:ab12', candidate: 'hmac:cd34' }] });
    await store.insertEvents([old, ...events]);
    await store.insertShadowResults([redacted]);
    const outDir = join(fx.url.slice('sqlite:'.length), '..', 'export');
    const files = await exportToNdjson(store, { outDir, sinceMs: Date.UTC(2026, 0, 1), batchSize: 1 });
    expect(files.map((f) => [f.table, f.rows])).toEqual([['request_events', 2], ['shadow_results', 1]]);

    for (const file of files) {
      const schema = JSON.parse(readFileSync(file.schemaFile, 'utf8')) as BigQueryField[];
      // bq load --schema takes a JSON array of {name, type, mode}.
      expect(Array.isArray(schema)).toBe(true);
      const names = new Set(schema.map((f) => f.name));
      const lines = readFileSync(file.dataFile, 'utf8').split('\n');
      expect(lines.at(-1)).toBe('');
      for (const line of lines.slice(0, -1)) {
        const row = JSON.parse(line) as Record<string, unknown>;
        for (const key of Object.keys(row)) expect(names.has(key)).toBe(true);
        for (const f of schema) {
          const v = row[f.name];
          if (f.mode === 'REQUIRED') expect(v).not.toBeNull();
          if (v === null) continue;
          if (f.type === 'TIMESTAMP') expect(String(v)).toMatch(RFC3339);
          if (f.type === 'STRING') expect(typeof v).toBe('string');
          if (f.type === 'BOOLEAN') expect(typeof v).toBe('boolean');
          if (f.type === 'INTEGER' || f.type === 'FLOAT') expect(typeof v).toBe('number');
        }
      }
    }
    const evLines = readFileSync(files[0].dataFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(evLines.map((r) => r.id)).toEqual(events.map((e) => e.id));
    expect(evLines[1]).toMatchObject({ case_id: null, fallback: true, ts: '2026-05-02T00:00:00.000Z' });
    const sr = JSON.parse(readFileSync(files[1].dataFile, 'utf8').trim());
    expect(JSON.parse(sr.differences)).toEqual(redacted.differences);
  });
});
