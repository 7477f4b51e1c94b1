import { describe, expect, it } from 'vitest';
import { defineAdapter, isAdapter } from '../../legacy-adapters/index.js';
import type { AdapterDefinition } from '../../legacy-adapters/index.js';

const base: AdapterDefinition = {
  name: 'thing',
  route: 'GET /api/things/:id/parts/:part',
  document: 'query($id: ID!) { thing(id: $id) { id } }',
  variables: (req) => ({ id: req.params.id }),
  toLegacy: () => ({ status: 200, body: {} }),
};

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
};

describe('defineAdapter', () => {
  it('freezes the adapter and fills defaults', () => {
    const a = defineAdapter(base);
    expect(Object.isFrozen(a)).toBe(true);
    expect(isAdapter(a)).toBe(true);
    expect(isAdapter({ ...a })).toBe(false);
    expect(a).toMatchObject({ method: 'GET', pattern: '/api/things/:id/parts/:part', idempotent: false, dryRun: null, timeoutMs: null });
  });

  it('matches its route and decodes parameters', () => {
    const a = defineAdapter(base);
    expect(a.match('GET', '/api/things/12/parts/%E9%83%A8%E5%93%81')).toEqual({ id: '12', part: '部品' });
    expect(a.match('get', '/api/things/12/parts/x')).toEqual({ id: '12', part: 'x' });
    expect(a.match('POST', '/api/things/12/parts/x')).toBeNull();
    expect(a.match('GET', '/api/things/12/parts')).toBeNull();
    expect(a.match('GET', '/api/things/12/parts/x/y')).toBeNull();
    expect(a.match('GET', '/api/things//parts/x')).toBeNull();
    const rest = defineAdapter({ ...base, route: 'GET /files/*' });
    expect(rest.match('GET', '/files/a/b.txt')).toEqual({ '*': 'a/b.txt' });
  });

  it('takes the main document for the dry run unless one is given', () => {
    const a = defineAdapter({ ...base, route: 'POST /api/things/:id', dryRun: { variables: () => ({ dryRun: true }) } });
    expect(a.dryRun?.document).toBe(base.document);
    expect(a.dryRun?.toLegacy).toBe(a.toLegacy);
  });

  it('rejects malformed definitions with ADP_ERR_INVALID_DEFINITION', () => {
    const broken: Partial<AdapterDefinition>[] = [
      { name: '' },
      { route: '/api/things' },
      { route: 'FETCH /api/things' },
      { route: 'GET api/things' },
      { document: ' ' },
      { variables: undefined },
      { toLegacy: 'nope' as never },
      { mapErrors: 1 as never },
      { dryRun: {} as never },
      { timeoutMs: -1 },
      // effects: only with a dry run, and every part given
      { effects: { entity: 'thing', legacy: { path: () => '/t', state: () => ({}) }, candidate: () => ({}) } },
      { dryRun: { variables: () => ({}) }, effects: { entity: '', legacy: { path: () => '/t', state: () => ({}) }, candidate: () => ({}) } },
      { dryRun: { variables: () => ({}) }, effects: { entity: 'thing', legacy: { path: () => '/t' } as never, candidate: () => ({}) } },
      { dryRun: { variables: () => ({}) }, effects: { entity: 'thing', legacy: { path: () => '/t', state: () => ({}) }, candidate: 'x' as never } },
    ];
    for (const patch of broken) {
      expect(codeOf(() => defineAdapter({ ...base, ...patch } as AdapterDefinition)), JSON.stringify(patch)).toBe('ADP_ERR_INVALID_DEFINITION');
    }
  });

  it('keeps a dry run\'s effects declaration, frozen', () => {
    const effects = { entity: 'thing', legacy: { path: () => '/api/things/1', state: (b: unknown) => b as Record<string, unknown> }, candidate: () => ({ status: 'done' }) };
    const a = defineAdapter({ ...base, dryRun: { variables: () => ({}) }, effects });
    expect(a.effects?.entity).toBe('thing');
    expect(a.effects?.candidate({ data: null }, {} as never)).toEqual({ status: 'done' });
    expect(Object.isFrozen(a.effects)).toBe(true);
    expect(defineAdapter(base).effects).toBeNull();
  });
});
