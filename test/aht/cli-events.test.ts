import { afterAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { register } from '../../cli/events.js';
import { openStore } from '../../store/index.js';

const dir = mkdtempSync(join(tmpdir(), 'aht-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runCli(args: string[]): Promise<{ out: string; err: string; code: number | undefined }> {
  const program = new Command().exitOverride();
  register(program);
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'strangler', ...args]);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  const code = process.exitCode as number | undefined;
  process.exitCode = undefined;
  return { out, err, code };
}

describe('strangler events import', () => {
  it('imports an NDJSON file with a config that has no legacy (an analyst has no proxy), says how many and into which store, and lists bad lines with their codes', async () => {
    const config = join(dir, 'strangler.yaml');
    writeFileSync(
      config,
      [
        'routes:',
        '  - { id: inquiry, method: GET, path: /api/inquiries/:id }',
        'aht:',
        '  cases:',
        '    - { name: inquiry, start: "GET /api/inquiries/:id", end: ["POST /api/inquiries/:id/reply"], param: id }',
      ].join('\n'),
    );
    const file = join(dir, 'e.ndjson');
    writeFileSync(
      file,
      '{"ts":"2024-05-01T09:00:00Z","operator_id":"a","method":"GET","path":"/api/inquiries/5","status":200,"latency_ms":3,"served_by":"legacy"}\n{"ts":1}\n',
    );
    const db = `sqlite:${join(dir, 's.db')}`;
    const r = await runCli(['events', 'import', file, '--config', config, '--db', db]);
    expect(r.out).toContain('imported 1 events from 1 valid lines of 2');
    expect(r.out).toContain(`into the store ${db}`);
    expect(r.err).toContain('AHT_ERR_BAD_EVENT_LINE');
    expect(r.code).toBe(1);
    const store = await openStore(db);
    try {
      expect((await store.events({}))[0]).toMatchObject({ routeId: 'inquiry', caseId: '5' });
    } finally {
      await store.close();
    }
  });

  it('regression (imported events kept raw paths and case ids): they are redacted like live events, and still join', async () => {
    const config = join(dir, 'strangler-r.yaml');
    writeFileSync(config, ['legacy: http://127.0.0.1:8080', 'routes:', '  - { id: inquiry, method: GET, path: /api/inquiries/:id }', 'aht:', '  cases:', '    - { name: inquiry, start: "GET /api/inquiries/:id", end: ["POST /api/inquiries/:id/reply"], param: id }'].join('\n'));
    const file = join(dir, 'r.ndjson');
    const name = encodeURIComponent('山田太郎');
    writeFileSync(file, [
      `{"ts":"2024-05-01T09:00:00Z","operator_id":"a","method":"GET","path":"/api/inquiries/${name}","status":200,"latency_ms":3,"served_by":"legacy"}`,
      `{"ts":"2024-05-01T09:01:00Z","operator_id":"a","method":"POST","path":"/api/inquiries/${name}/reply","status":200,"latency_ms":3,"served_by":"legacy"}`,
      '{"ts":"2024-05-01T09:02:00Z","operator_id":"a","method":"GET","path":"/api/users/taro%40example.jp","status":200,"latency_ms":3,"served_by":"legacy"}',
    ].join('\n'));
    const db = `sqlite:${join(dir, 'r.db')}`;
    const r = await runCli(['events', 'import', file, '--config', config, '--db', db]);
    expect(r.out).toContain('imported 3 events');
    const store = await openStore(db);
    try {
      const events = await store.events({});
      const text = JSON.stringify(events);
      expect(text).not.toMatch(/山田|%E5%B1%B1|taro/);
      const [start, end] = events.filter((e) => e.routeId === 'inquiry' || e.method === 'POST');
      expect(start.caseId).toMatch(/^redacted:[0-9a-f]{16}$/);
      expect(end.caseId).toBe(start.caseId);
      expect(start.path).toBe(`/api/inquiries/${start.caseId}`);
    } finally {
      await store.close();
    }
  });

  it('fails with a code on an unknown --format', async () => {
    const r = await runCli(['events', 'import', join(dir, 'x'), '--format', 'csv', '--db', `sqlite:${join(dir, 't.db')}`]);
    expect(r.err).toContain('AHT_ERR_UNKNOWN_FORMAT');
    expect(r.code).toBe(2);
  });
});
