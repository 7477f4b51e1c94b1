import { describe, expect, it } from 'vitest';
import { createDocumentCache } from '../../../examples/graphql-service/document-cache.js';
import { createSampleSchema } from '../../../examples/graphql-service/index.js';

const schema = createSampleSchema();

describe('createDocumentCache', () => {
  it('parses and validates a query text once', () => {
    const prepare = createDocumentCache(schema);
    const a = prepare('{ user(id: "1") { id } }');
    expect(a.ok).toBe(true);
    expect(prepare('{ user(id: "1") { id } }')).toBe(a);
  });

  it('keeps parse and validation failures apart', () => {
    const prepare = createDocumentCache(schema);
    expect(prepare('{ user(id: "1") { id }')).toMatchObject({ ok: false, stage: 'parse' });
    expect(prepare('{ user(id: "1") { nope } }')).toMatchObject({ ok: false, stage: 'validate' });
  });

  it('holds at most maxEntries, dropping the oldest', () => {
    const prepare = createDocumentCache(schema, 2);
    const first = prepare('{ user(id: "1") { id } }');
    prepare('{ user(id: "2") { id } }');
    prepare('{ user(id: "3") { id } }');
    expect(prepare('{ user(id: "1") { id } }')).not.toBe(first);
  });
});
