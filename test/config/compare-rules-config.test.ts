import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';

type Issue = { path: string; expected: string; fix: string };
function issuesOf(overrides: Record<string, unknown>): Issue[] {
  try {
    loadConfig({ overrides: { legacy: 'http://127.0.0.1:8080', ...overrides } });
  } catch (err) {
    expect((err as { code?: string }).code).toBe('CFG_ERR_INVALID');
    return (err as { issues: Issue[] }).issues;
  }
  return [];
}

describe('compare rules in the config', () => {
  it('refuses the global form of a normalisation, saying how to name paths', () => {
    const issues = issuesOf({ compare: { rules: { timestamps: true, numericStrings: 'ignore' } } });
    expect(issues.map((i) => i.path).sort()).toEqual(['compare.rules.numericStrings', 'compare.rules.timestamps']);
    for (const i of issues) expect(i.fix).toMatch(/name the paths, e\.g\. `\w+: \[/);
  });
  it('accepts per-path rules, keys and generated on a route, and refuses a path that does not parse', () => {
    const route = { id: 'r', path: '/api/x', mode: 'legacy', compare: { keys: { '$.data.items': 'item_id' }, generated: ['$.data.message_id'], timestamps: ['$.data.at'] } };
    expect(issuesOf({ routes: [route] })).toEqual([]);
    const bad = issuesOf({ routes: [{ ...route, compare: { generated: ['data.id'] } }] });
    expect(bad.map((i) => i.path)).toEqual(['routes[0].compare.generated[0]']);
  });
});
