import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, type ConfigIssue } from '../../config/index.js';

const dir = mkdtempSync(join(tmpdir(), 'strangler-config-'));
let n = 0;
function yamlFile(text: string): string {
  const file = join(dir, `c${n++}.yaml`);
  writeFileSync(file, text);
  return file;
}

function issuesOf(fn: () => unknown): ConfigIssue[] {
  try {
    fn();
  } catch (err) {
    expect((err as { code?: string }).code).toBe('CFG_ERR_INVALID');
    return (err as { issues: ConfigIssue[] }).issues;
  }
  throw new Error('expected CFG_ERR_INVALID');
}

describe('loadConfig', () => {
  it('proxies everything to legacy with only a legacy URL and a port', () => {
    const config = loadConfig({ overrides: { legacy: 'http://127.0.0.1:8080', server: { port: 0 } } });
    expect(config.legacy).toEqual({ url: 'http://127.0.0.1:8080', timeoutMs: 120_000, connectTimeoutMs: 5_000 });
    expect(config.server.port).toBe(0);
    expect(config.routes).toEqual([]);
    expect(config.admin.host).toBe('127.0.0.1');
    expect(Object.isFrozen(config.server)).toBe(true);
  });

  it('reads YAML, applies defaults and normalises routes and AHT cases', () => {
    const file = yamlFile(`
legacy: { url: "http://legacy:8080", timeoutMs: 200000 }
candidate: { url: "http://gql:4000/graphql" }
routes:
  - { id: inquiry, method: get, path: /api/inquiries/:id, mode: shadow, adapter: inquiry }
  - { id: reply, methods: [POST, put], path: /api/inquiries/:id/reply }
aht:
  cases:
    - name: inquiry
      start: "GET /api/inquiries/:id"
      end: ["POST /api/inquiries/:id/reply"]
      param: id
  maxDuration: 2h
`);
    const config = loadConfig({ file });
    expect(config.legacy.timeoutMs).toBe(200_000);
    expect(config.routes[0]).toMatchObject({ id: 'inquiry', methods: ['GET'], mode: 'shadow', sample: 1, group: 'inquiry', adapter: 'inquiry' });
    expect(config.routes[1]).toMatchObject({ methods: ['POST', 'PUT'], mode: 'legacy', percent: 0, adapter: null });
    expect(config.aht.cases[0]).toEqual({ name: 'inquiry', start: 'GET /api/inquiries/:id', end: ['POST /api/inquiries/:id/reply'], param: 'id' });
    expect(config.aht.maxDurationMs).toBe(7_200_000);
    expect(config.candidate?.schema).toEqual({ from: 'introspection' });
  });

  it('lets flags override the file and the file override defaults; env is read only when passed', () => {
    const file = yamlFile('legacy: http://from-file:1\nserver: { port: 7000, host: 127.0.0.1 }\n');
    const config = loadConfig({
      file,
      overrides: { legacy: { url: 'http://from-flag:2' }, server: { port: 7001 } },
      env: { STRANGLER_DB: 'mysql://root@127.0.0.1:3306/test', STRANGLER_ADMIN_TOKEN: 'x'.repeat(32), STRANGLER_REDACT_KEY: 'k' },
    });
    expect(config.legacy.url).toBe('http://from-flag:2');
    expect(config.server).toMatchObject({ port: 7001, host: '127.0.0.1', workers: 1 });
    expect(config.store.url).toBe('mysql://root@127.0.0.1:3306/test');
    expect(config.admin.tokens).toEqual([{ name: 'admin', token: 'x'.repeat(32) }]);
    expect(config.shadow.redact.secret).toBe('k');
    expect(loadConfig({ file }).admin.tokens).toEqual([]);
  });

  it('reads the admin token from a token file', () => {
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'a-long-secret-token-value\n');
    const config = loadConfig({ overrides: { legacy: 'http://l:1' }, env: { STRANGLER_ADMIN_TOKEN_FILE: tokenFile } });
    expect(config.admin.tokens).toEqual([{ name: 'admin', token: 'a-long-secret-token-value' }]);
  });

  it('lists every schema problem at once with path, value, expected and fix', () => {
    const file = yamlFile(`
legacy: { url: "not a url", timeoutMs: -1 }
server: { port: 70000, wokers: 2 }
routes:
  - { id: a, path: /a, mode: sideways, percent: 150, sample: 2 }
`);
    const issues = issuesOf(() => loadConfig({ file }));
    const paths = issues.map((i) => i.path).sort();
    expect(paths).toEqual(['legacy.timeoutMs', 'legacy.url', 'routes[0].mode', 'routes[0].percent', 'routes[0].sample', 'server.port', 'server.wokers'].sort());
    const typo = issues.find((i) => i.path === 'server.wokers')!;
    expect(typo.fix).toContain('workers');
    for (const issue of issues) {
      expect(issue.expected.length).toBeGreaterThan(0);
      expect(issue.fix.length).toBeGreaterThan(0);
    }
    expect(issues.find((i) => i.path === 'routes[0].percent')!.value).toBe(150);
  });

  it('keeps routes[].keepQuery as given, and refuses a key that is not a plain query key or is listed twice', () => {
    const ok = loadConfig({ overrides: { legacy: 'http://l', routes: [{ id: 'a', path: '/a', keepQuery: ['page', 'tag[]'] }] } });
    expect(ok.routes[0]!.keepQuery).toEqual(['page', 'tag[]']);
    expect(loadConfig({ overrides: { legacy: 'http://l', routes: [{ id: 'a', path: '/a' }] } }).routes[0]!.keepQuery).toEqual([]);
    const bad = issuesOf(() => loadConfig({ overrides: { legacy: 'http://l', routes: [{ id: 'a', path: '/a', keepQuery: ['page=2'] }] } }));
    expect(bad.map((i) => i.path)).toEqual(['routes[0].keepQuery[0]']);
    const twice = issuesOf(() => loadConfig({ overrides: { legacy: 'http://l', routes: [{ id: 'a', path: '/a', keepQuery: ['page', 'page'] }] } }));
    expect(twice.map((i) => i.path)).toEqual(['routes[0].keepQuery']);
  });

  it('refuses timeouts past what a Node timer holds (2^31 − 1 ms), which would fire at once', () => {
    const file = yamlFile(`
legacy: { url: "http://127.0.0.1:8080", timeoutMs: 2147483648, connectTimeoutMs: 2147483648 }
shadow: { timeoutMs: 3000000000 }
routes:
  - { id: a, path: /a, timeoutMs: 2147483648 }
`);
    const issues = issuesOf(() => loadConfig({ file }));
    expect(issues.map((i) => i.path).sort()).toEqual(['legacy.connectTimeoutMs', 'legacy.timeoutMs', 'routes[0].timeoutMs', 'shadow.timeoutMs']);
    expect(issues.find((i) => i.path === 'shadow.timeoutMs')!.expected).toBe('a number <= 2147483647');
    expect(() => loadConfig({ overrides: { legacy: 'http://127.0.0.1:8080', shadow: { timeoutMs: 2147483647 } } })).not.toThrow();
  });

  it('lists every cross-field problem at once', () => {
    const file = yamlFile(`
legacy: http://legacy:8080
routes:
  - { id: a, path: /api/inquiries/:id, method: GET }
  - { id: a, path: /api/items/:id/*/x }
  - { id: c, path: /api/inquiries/:other, mode: canary, percent: 10 }
  - { id: d, path: /api/x, adapter: thing }
aht:
  cases:
    - { name: inquiry, start: "GET /api/inquiries/:id", end: "POST /api/close/:caseId", param: id }
    - { name: inquiry, start: "GET /x/*/y", end: ["GET /x/:id"], param: id }
`);
    const issues = issuesOf(() => loadConfig({ file }));
    const paths = issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining([
      'routes[1].id', // duplicate id
      'routes[1].path', // * not last
      'routes[2].adapter', // canary without adapter
      'routes[2].path', // ties with routes[0]
      'candidate', // adapter named, no candidate
      'aht.cases[0].end[0]', // param missing from the end pattern
      'aht.cases[1].name',
      'aht.cases[1].start',
    ]));
  });

  it('reads log.level, shutdown.drainDelayMs and flags.maxStaleMs with their defaults, and names a wrong level', () => {
    const defaults = loadConfig({ overrides: { legacy: 'http://127.0.0.1:8080' } });
    expect(defaults.log).toEqual({ level: 'info' });
    expect(defaults.shutdown).toEqual({ drainDelayMs: 0 });
    expect(defaults.flags.maxStaleMs).toBe(300_000);
    const set = loadConfig({ overrides: { legacy: 'http://127.0.0.1:8080', log: { level: 'debug' }, shutdown: { drainDelayMs: 5000 }, flags: { maxStaleMs: 0 } } });
    expect([set.log.level, set.shutdown.drainDelayMs, set.flags.maxStaleMs]).toEqual(['debug', 5000, 0]);
    const issues = issuesOf(() => loadConfig({ overrides: { legacy: 'http://127.0.0.1:8080', log: { level: 'verbose' }, shutdown: { drainDelayMs: -1 } } }));
    expect(issues.map((i) => i.path).sort()).toEqual(['log.level', 'shutdown.drainDelayMs']);
  });

  it('compiles redaction allow-lists at start: defaults, a route\'s own, and a pattern that does not parse is an issue', () => {
    const ok = loadConfig({ overrides: { legacy: 'http://legacy:8080', routes: [{ id: 'a', path: '/api/inquiries/:id', redact: { allow: ['$.data.title'] } }, { id: 'b', path: '/api/x' }] } });
    expect(ok.shadow.redact.allow).toEqual(expect.arrayContaining(['$..status', '$..priority']));
    expect(ok.routes[0].redact).toEqual({ allow: ['$.data.title'] });
    expect(ok.routes[1].redact).toEqual({ allow: [] });
    const issues = issuesOf(() => loadConfig({ overrides: { legacy: 'http://legacy:8080', shadow: { redact: { allow: ['status'] } }, routes: [{ id: 'a', path: '/a', redact: { allow: ['$.ok', '$..[3]'] } }] } }));
    expect(issues.map((i) => i.path)).toEqual(['shadow.redact.allow[0]', 'routes[0].redact.allow[1]']);
  });

  it('refuses a config without a legacy URL', () => {
    expect(issuesOf(() => loadConfig({})).map((i) => i.path)).toEqual(['legacy.url']);
  });

  it('operator from: session needs its cookie and login, with requests spelled "METHOD /path"', () => {
    const session = (operator: Record<string, unknown>) => issuesOf(() => loadConfig({ overrides: { legacy: 'http://127.0.0.1:1', operator: { from: 'session', ...operator } } }));
    expect(session({ cookie: 'PHPSESSID' }).map((i) => i.path)).toContain('operator.login');
    expect(session({ login: { route: 'POST /login', field: 'login_id' } }).map((i) => i.path)).toContain('operator.cookie');
    expect(session({ cookie: 'PHPSESSID', login: { route: '/login', field: 'login_id' } }).map((i) => i.path)).toEqual(['operator.login.route']);
    expect(session({ cookie: 'PHPSESSID', login: { route: 'POST /login', field: 'id' }, whoami: { route: 'GET /api/users/:id', path: '$.id' } }).map((i) => i.path))
      .toEqual(['operator.whoami.route']);
    const ok = loadConfig({ overrides: { legacy: 'http://127.0.0.1:1', operator: { from: 'session', cookie: 'PHPSESSID', login: { route: 'POST /login', field: 'login_id' }, ttl: '8h' } } });
    expect(ok.operator).toEqual({
      from: 'session', cookie: 'PHPSESSID', login: { route: 'POST /login', field: 'login_id', success: null }, whoami: null, ttlMs: 8 * 3_600_000,
    });
  });

  it('regression: durations are read by the same parser as the CLI, weeks included (the config refused 1w)', () => {
    const c = loadConfig({ overrides: { legacy: 'http://127.0.0.1:1', aht: { maxDuration: '1w', idleGap: '1.5h' } } });
    expect(c.aht.maxDurationMs).toBe(7 * 86_400_000);
    expect(c.aht.idleGapMs).toBe(5_400_000);
  });

  it('reports unreadable files and bad YAML with their own codes', () => {
    expect(() => loadConfig({ file: join(dir, 'missing.yaml') })).toThrow(expect.objectContaining({ code: 'CFG_ERR_READ' }));
    expect(() => loadConfig({ file: yamlFile('legacy: [unclosed') })).toThrow(expect.objectContaining({ code: 'CFG_ERR_YAML' }));
  });

  it('lets an analysis command load a config without legacy (requireLegacy: false), still checking a URL that is given', () => {
    const file = yamlFile('aht:\n  cases: []\n');
    expect(issuesOf(() => loadConfig({ file })).map((i) => i.path)).toEqual(['legacy.url']);
    expect(loadConfig({ file, requireLegacy: false }).legacy.url).toBe('');
    const bad = yamlFile('legacy: ftp://x\n');
    expect(issuesOf(() => loadConfig({ file: bad, requireLegacy: false })).map((i) => i.path)).toEqual(['legacy.url']);
  });

  it('reads aht.abandonAfter and aht.skewTolerance as durations, with defaults of 60 min and 2 s', () => {
    const dflt = loadConfig({ overrides: { legacy: 'http://127.0.0.1:8080' } });
    expect([dflt.aht.abandonAfterMs, dflt.aht.skewToleranceMs]).toEqual([3_600_000, 2_000]);
    const set = loadConfig({ file: yamlFile('legacy: http://127.0.0.1:8080\naht: { abandonAfter: 90m, skewTolerance: 0s }\n') });
    expect([set.aht.abandonAfterMs, set.aht.skewToleranceMs]).toEqual([5_400_000, 0]);
    expect(issuesOf(() => loadConfig({ file: yamlFile('legacy: http://127.0.0.1:8080\naht: { abandonAfter: soon }\n') })).map((i) => i.path)).toEqual(['aht.abandonAfter']);
  });
});
