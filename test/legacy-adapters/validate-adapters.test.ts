import { describe, expect, it, vi } from 'vitest';
import { checkAdapters, defineAdapter, validateAdapters } from '../../legacy-adapters/index.js';
import type { InvalidDocumentError } from '../../legacy-adapters/index.js';
import { createSampleSchema } from '../../examples/graphql-service/index.js';
import { exampleAdapters } from '../../examples/adapters/index.js';

const schema = createSampleSchema();
const stub = { variables: () => ({}), toLegacy: () => ({ status: 200, body: null }) };
const unknownField = defineAdapter({
  name: 'inquiry-with-typo',
  route: 'GET /api/inquiries/:id',
  document: 'query($id: ID!) { inquiry(id: $id) { id assignee { id } } }',
  ...stub,
});
const unparsable = defineAdapter({ name: 'broken', route: 'GET /api/broken', document: '{ inquiry(id: "1") { id }', ...stub });
const badDryRun = defineAdapter({
  name: 'hide-with-bad-dry-run',
  route: 'POST /api/items/:id/hide',
  document: 'mutation { hideItem(id: "1", reason: "r") { dryRun } }',
  dryRun: { document: 'mutation { hideItem(id: "1", reason: "r", preview: true) { dryRun } }', variables: () => ({}) },
  ...stub,
});

describe('validateAdapters', () => {
  it('finds nothing wrong with the example adapters', () => {
    expect(validateAdapters(exampleAdapters, schema)).toEqual([]);
  });

  it('names the adapter, the field and graphql’s message for an unknown field', () => {
    const issues = validateAdapters([unknownField], schema);
    expect(issues).toEqual([
      {
        adapter: 'inquiry-with-typo',
        route: 'GET /api/inquiries/:id',
        document: 'main',
        field: 'Inquiry.assignee',
        message: 'Cannot query field "assignee" on type "Inquiry".',
      },
    ]);
  });

  it('reports syntax errors and problems in the dry-run document', () => {
    const issues = validateAdapters([unparsable, badDryRun], schema);
    expect(issues.map((i) => [i.adapter, i.document, i.field])).toEqual([
      ['broken', 'main', null],
      ['hide-with-bad-dry-run', 'dryRun', null],
    ]);
    expect(issues[0].message).toMatch(/^Syntax Error/);
    expect(issues[1].message).toContain('preview');
  });
});

describe('checkAdapters', () => {
  it('stops the start with ADP_ERR_INVALID_DOCUMENT by default, every issue attached', () => {
    let caught: InvalidDocumentError | undefined;
    try {
      checkAdapters([...exampleAdapters, unknownField, unparsable], schema);
    } catch (err) {
      caught = err as InvalidDocumentError;
    }
    expect(caught?.code).toBe('ADP_ERR_INVALID_DOCUMENT');
    expect(caught?.message).toContain('inquiry-with-typo');
    expect(caught?.message).toContain('Inquiry.assignee');
    expect(caught?.issues.map((i) => i.adapter)).toEqual(['inquiry-with-typo', 'broken']);
  });

  it('with legacy-only, lists the broken adapters and warns once per issue instead', () => {
    const warn = vi.fn();
    const check = checkAdapters([...exampleAdapters, unknownField], schema, { onInvalidAdapter: 'legacy-only', warn });
    expect([...check.legacyOnly]).toEqual(['inquiry-with-typo']);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatchObject({ adapter: 'inquiry-with-typo', field: 'Inquiry.assignee' });
  });

  it('passes valid adapters in either mode', () => {
    expect(checkAdapters(exampleAdapters, schema).legacyOnly.size).toBe(0);
  });
});
