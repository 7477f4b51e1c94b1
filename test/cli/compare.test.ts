import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
// Inside the repo so that the compiled files resolve node_modules and "type": "module".
const build = join(root, 'node_modules/.cache/strangler-test-cli-compare');
const entry = join(build, 'test/cli/compare-entry.js');
let dir: string;

beforeAll(() => {
  rmSync(build, { recursive: true, force: true });
  mkdirSync(build, { recursive: true });
  // Compile only this command and what it imports, so other commands in progress cannot break the test.
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/typescript/bin/tsc'),
      '--outDir', build, '--rootDir', root, '--module', 'nodenext', '--moduleResolution', 'nodenext',
      '--target', 'es2022', '--strict', '--skipLibCheck', '--types', 'node',
      join(root, 'test/cli/compare-entry.ts'),
    ],
    { cwd: root, stdio: 'pipe' },
  );
  dir = mkdtempSync(join(tmpdir(), 'strangler-compare-'));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [entry, 'compare', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('strangler compare', () => {
  it('exits 0 when equal after normalisation', () => {
    const a = file('a.json', '{"id": 12345678901234567891, "p": 1.0, "s": "\\u3042"}');
    const b = file('b.json', '{"s": "あ", "p": 1, "id": 12345678901234567891}');
    const r = run(a, b, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ equal: true, differences: [] });
  });

  it('exits 1 and prints exactly the contract shape with --json', () => {
    const a = file('a2.json', '{"data":{"items":[{"price":4}],"gone":1,"n":"123","id":12345678901234567891}}');
    const b = file('b2.json', '{"data":{"items":[{"price":5}],"new":[],"n":123,"id":12345678901234567890}}');
    const r = run(a, b, '--json');
    expect(r.code).toBe(1);
    expect(r.out).toBe(
      '{"equal":false,"differences":[' +
        '{"path":"$.data.items[0].price","kind":"changed","legacy":4,"candidate":5},' +
        '{"path":"$.data.gone","kind":"removed","legacy":1},' +
        '{"path":"$.data.n","kind":"type","legacy":"123","candidate":123},' +
        '{"path":"$.data.id","kind":"changed","legacy":12345678901234567891,"candidate":12345678901234567890},' +
        '{"path":"$.data.new","kind":"added","candidate":[]}]}\n',
    );
  });

  it('prints a readable list without --json', () => {
    const r = run(file('a3.json', '{"a":1}'), file('b3.json', '{"a":2}'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('$.a');
    expect(r.out).toContain('changed');
  });

  it('applies a YAML rules file', () => {
    const a = file('a4.json', '{"t":"2018-10-04 12:00:00","req":{"request_id":1}}');
    const b = file('b4.json', '{"t":"2018-10-04T03:00:00Z","req":{"request_id":2}}');
    expect(run(a, b).code).toBe(1);
    const rules = file('rules.yaml', 'timestamps: [$.t]\nignore:\n  - $..request_id\n');
    expect(run(a, b, '--rules', rules).code).toBe(0);
    const config = file('config.yaml', 'compare:\n  rules:\n    timestamps: [$.t]\n    ignore: ["$..request_id"]\n');
    expect(run(a, b, '--rules', config).code).toBe(0);
  });

  it('exits 2 with a coded message on bad input', () => {
    const good = file('good.json', '{}');
    const cases: [string[], string][] = [
      [[file('bad.json', '{"a":'), good], 'CMP_ERR_INVALID_JSON'],
      [[good, join(dir, 'missing.json')], 'CMP_ERR_UNREADABLE'],
      [[good, good, '--rules', file('r.yaml', 'ignore: nope\n')], 'CMP_ERR_INVALID_RULES'],
      [[good, good, '--rules', file('r2.yaml', 'ignore: ["no-dollar"]\n')], 'CMP_ERR_INVALID_RULES'],
    ];
    for (const [args, code] of cases) {
      const r = run(...args);
      expect(r.code, code).toBe(2);
      expect(r.err).toContain(code);
      expect(r.out).toBe('');
    }
    const usage = run(good);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('CMP_ERR_USAGE');
    expect(run(good, good, '--colour').code).toBe(2);
  });
  it('prints a reorder as one order difference in --json, with the moved keys', () => {
    const a = file('o1.json', '{"data":{"items":[{"id":1,"s":"a"},{"id":2,"s":"b"},{"id":3,"s":"c"}]}}');
    const b = file('o2.json', '{"data":{"items":[{"id":3,"s":"c"},{"id":1,"s":"a"},{"id":2,"s":"b"}]}}');
    const r = run(a, b, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toEqual({ equal: false, differences: [{ path: '$.data.items', kind: 'order', legacy: [1, 2, 3], candidate: [3, 1, 2] }] });
  });

  it('regression: 100,000 nested arrays exit 2 with CMP_ERR_TOO_DEEP, not a RangeError read as "different"', () => {
    const deep = file('deep.json', '['.repeat(100_000) + ']'.repeat(100_000));
    const r = run(deep, deep);
    expect(r.code).toBe(2);
    expect(r.err).toContain('CMP_ERR_TOO_DEEP');
    expect(r.err).not.toContain('RangeError');
  });

  it('regression: 1e999999 and 1e999998 are different (exit 1)', () => {
    const r = run(file('n1.json', '{"n":1e999999}'), file('n2.json', '{"n":1e999998}'), '--json');
    expect(r.code).toBe(1);
    expect(r.out).toContain('"kind":"changed"');
    expect(run(file('n3.json', '{"n":1e999999}'), file('n4.json', '{"n":1e999999}')).code).toBe(0);
  });

  it('refuses a global timestamps rule with CMP_ERR_INVALID_RULES, naming how to give paths', () => {
    const good = file('g.json', '{}');
    const r = run(good, good, '--rules', file('global.yaml', 'timestamps: true\n'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('CMP_ERR_INVALID_RULES');
    expect(r.err).toContain('timestamps: [');
  });
});
