import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { loadConfig, type ConfigIssue } from '../../config/index.js';

const dir = mkdtempSync(join(tmpdir(), 'strangler-config-prop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** Either a deeply frozen config, or CFG_ERR_INVALID / CFG_ERR_YAML with issues that name a key; never another exception. */
function expectConfigOrCodedError(load: () => unknown): void {
  let config: unknown;
  try {
    config = load();
  } catch (err) {
    const code = (err as { code?: string }).code;
    expect(['CFG_ERR_INVALID', 'CFG_ERR_YAML']).toContain(code);
    if (code === 'CFG_ERR_INVALID') {
      const issues = (err as { issues: ConfigIssue[] }).issues;
      expect(issues.length).toBeGreaterThan(0);
      for (const i of issues) {
        expect(typeof i.path).toBe('string');
        expect(typeof i.expected).toBe('string');
        expect(typeof i.fix).toBe('string');
      }
    }
    return;
  }
  const walk = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) return;
    expect(Object.isFrozen(v)).toBe(true);
    for (const x of Object.values(v)) walk(x);
  };
  walk(config);
}

const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom('4h', '-1', '1e400', 'http://127.0.0.1:1', '__proto__'));
const anyValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 3 })),
})).value;

// Documents shaped like a config, each key sometimes holding the wrong kind of value.
const method = fc.oneof(fc.constantFrom('GET', 'post', 'PATCH', 'BREW'), anyValue);
const pattern = fc.oneof(fc.constantFrom('/api/inquiries/:id', '/a/*', '/a/*/b', '/:x/:x', 'no-slash', '/a/:', '/a/%zz', '/ä/:id', '/'), fc.webPath(), anyValue);
const route = fc.record({
  id: fc.oneof(fc.constantFrom('r1', 'r2', 'bad id', ''), anyValue),
  method, methods: fc.array(method, { maxLength: 2 }), path: pattern,
  mode: fc.oneof(fc.constantFrom('legacy', 'shadow', 'canary', 'new', 'off'), anyValue),
  percent: fc.oneof(fc.integer({ min: -10, max: 150 }), anyValue), sample: fc.oneof(fc.double({ min: -1, max: 2 }), anyValue),
  adapter: fc.oneof(fc.constantFrom('inquiry-show', null), anyValue), timeoutMs: fc.oneof(fc.nat(), anyValue), compare: anyValue,
}, { requiredKeys: [] });
const configDoc = fc.record({
  legacy: fc.oneof(fc.constantFrom('http://127.0.0.1:8080', 'not a url', 'ftp://x'), fc.record({ url: fc.oneof(fc.webUrl(), anyValue), timeoutMs: anyValue }, { requiredKeys: [] }), anyValue),
  server: fc.oneof(fc.record({ port: fc.oneof(fc.integer({ min: -1, max: 70000 }), anyValue), maxHeaderBytes: anyValue, maxBodyBytes: anyValue, wokers: anyValue }, { requiredKeys: [] }), anyValue),
  admin: fc.oneof(fc.record({ port: fc.oneof(fc.constantFrom(0, 8000, null), anyValue), host: anyValue, tokens: fc.oneof(fc.array(fc.record({ name: anyValue, token: fc.oneof(fc.string(), anyValue) }), { maxLength: 2 }), anyValue) }, { requiredKeys: [] }), anyValue),
  candidate: fc.oneof(fc.constant(null), fc.record({ url: fc.oneof(fc.webUrl(), anyValue), schema: anyValue }, { requiredKeys: [] }), anyValue),
  operator: fc.oneof(fc.constantFrom({ from: 'jwt', claim: 'sub' }, { from: 'cookie', cookie: 'op' }, { from: 'header' }), anyValue),
  routes: fc.oneof(fc.array(route, { maxLength: 3 }), anyValue),
  shadow: anyValue, compare: anyValue, store: anyValue, gate: anyValue,
  aht: fc.oneof(fc.record({ cases: fc.oneof(fc.array(fc.record({ name: anyValue, start: fc.oneof(fc.constantFrom('GET /api/inquiries/:id', 'GET', '/x/:id'), anyValue), end: anyValue, param: fc.oneof(fc.constant('id'), anyValue) }, { requiredKeys: [] }), { maxLength: 2 }), anyValue), maxDuration: fc.oneof(fc.constantFrom('4h', '90m', '1.5x', '999999999999d'), anyValue), idleGap: anyValue }, { requiredKeys: [] }), anyValue),
  extra: anyValue,
}, { requiredKeys: [] });

describe('loadConfig with arbitrary input', () => {
  it('config-shaped objects give a frozen config or CFG_ERR_INVALID with issues, never another exception (property)', () => {
    fc.assert(fc.property(configDoc, (doc) => expectConfigOrCodedError(() => loadConfig({ overrides: doc as Record<string, unknown> }))), { numRuns: 1500 });
  });

  it('any YAML text in a file gives a config or a coded error (property)', () => {
    const text = fc.oneof(configDoc.map((d) => stringify(d)), fc.string(), fc.constantFrom('legacy: [', '- a\n- b', 'a: &x [*x]', '!!binary x', 'legacy: !!js/function "x"', '<<: *y', '"\\ud800"'));
    fc.assert(
      fc.property(text, (t) => {
        const file = join(dir, `c${n++}.yaml`);
        writeFileSync(file, t);
        expectConfigOrCodedError(() => loadConfig({ file }));
      }),
      { numRuns: 500 },
    );
  });

  it('environment values of any text give a config or a coded error (property)', () => {
    fc.assert(
      fc.property(fc.record({ STRANGLER_DB: fc.string(), STRANGLER_ADMIN_TOKEN: fc.string(), STRANGLER_REDACT_KEY: fc.string() }, { requiredKeys: [] }), (env) =>
        expectConfigOrCodedError(() => loadConfig({ overrides: { legacy: 'http://127.0.0.1:8080' }, env }))),
      { numRuns: 300 },
    );
  });
});

describe('regressions found by the properties', () => {
  it('a YAML alias inside its own anchor (a cycle) is CFG_ERR_YAML, not endless recursion', () => {
    for (const text of ['a: &x [*x]', 'legacy: &l { url: *l }', 'routes: &r [{ id: a, path: /a, compare: *r }]']) {
      const file = join(dir, `cycle${n++}.yaml`);
      writeFileSync(file, text);
      expect(() => loadConfig({ file })).toThrow(expect.objectContaining({ code: 'CFG_ERR_YAML' }));
    }
  });
});
