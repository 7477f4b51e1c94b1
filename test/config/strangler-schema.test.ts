import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig, validateInput } from '../../config/index.js';

const schema = JSON.parse(readFileSync(new URL('../../config/strangler.schema.json', import.meta.url), 'utf8'));

type Node = { properties?: Record<string, Node>; items?: Node; $ref?: string; additionalProperties?: unknown };
function resolve(node: Node): Node {
  return node.$ref ? schema.definitions[node.$ref.replace('#/definitions/', '')] : node;
}

/** Every key path of a value, with array items as `[]`. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.length === 0 ? [] : keyPaths(value[0], `${prefix}[]`);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [`${prefix}${prefix ? '.' : ''}${k}`, ...keyPaths(v, `${prefix}${prefix ? '.' : ''}${k}`)]);
}

function schemaHas(path: string): boolean {
  let node: Node = schema;
  for (const part of path.split('.')) {
    const [key, ...arrays] = part.split('[]');
    node = resolve(node);
    const next = node.properties?.[key];
    if (next === undefined) return node.additionalProperties !== undefined && node.additionalProperties !== false;
    node = resolve(next);
    for (let i = 0; i < arrays.length; i++) node = resolve(node.items ?? {});
  }
  return true;
}

describe('config/strangler.schema.json', () => {
  it('documents every key of a fully populated StranglerConfig', () => {
    const config = loadConfig({
      overrides: {
        legacy: 'http://legacy:8080',
        admin: { tokens: [{ name: 'ops', token: 'a'.repeat(20) }] },
        candidate: { url: 'http://gql/graphql', schema: { from: 'sdl', file: 'schema.graphql' } },
        adapters: 'adapters',
        routes: [{ id: 'r', path: '/a/:id', mode: 'new', adapter: 'a', timeoutMs: 100, compare: { ignore: ['$.x'], sortBy: { '$.items': 'id' } } }],
        compare: { rules: { ignore: ['$.y'], timezone: 'Asia/Tokyo' } },
        aht: { cases: [{ name: 'c', start: 'GET /a/:id', end: 'POST /a/:id/close', param: 'id' }] },
      },
    });
    const missing = keyPaths(config).filter((p) => !schemaHas(p));
    expect(missing).toEqual([]);
  });

  it('accepts the AHT case YAML of issue 6 exactly as written', () => {
    expect(validateInput({ aht: { cases: [{ name: 'inquiry', start: 'GET /api/inquiries/:id', end: ['POST /api/inquiries/:id/reply'], param: 'id' }] } })).toEqual([]);
  });
});
