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

  it('fails with a code on an unknown --format', async () => {
    const r = await runCli(['events', 'import', join(dir, 'x'), '--format', 'csv', '--db', `sqlite:${join(dir, 't.db')}`]);
    expect(r.err).toContain('AHT_ERR_UNKNOWN_FORMAT');
    expect(r.code).toBe(2);
  });
});
