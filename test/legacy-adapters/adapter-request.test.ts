import { describe, expect, it } from 'vitest';
import { createAdapterRequest } from '../../legacy-adapters/index.js';

describe('createAdapterRequest', () => {
  it('parses the query, lower-cases headers and upper-cases the method', () => {
    const req = createAdapterRequest({ method: 'get', rawPath: '/api/inquiries?status=open&page=2', headers: { 'X-Operator-Id': 'op-1' } });
    expect(req.method).toBe('GET');
    expect(req.query.get('status')).toBe('open');
    expect(req.headers['x-operator-id']).toBe('op-1');
    expect(req.operatorId).toBeNull();
    expect(Object.isFrozen(req)).toBe(true);
  });

  it('reads form bodies and JSON bodies the way PHP did', () => {
    const form = createAdapterRequest({
      method: 'POST',
      rawPath: '/x',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      body: 'body=%E3%81%82&status=closed',
    });
    expect(form.json()).toEqual({ body: 'あ', status: 'closed' });
    const json = createAdapterRequest({ method: 'POST', rawPath: '/x', headers: { 'content-type': 'application/json' }, body: Buffer.from('{"a":[1]}') });
    expect(json.json()).toEqual({ a: [1] });
    expect(json.json()).toBe(json.json());
    expect(createAdapterRequest({ method: 'POST', rawPath: '/x' }).json()).toEqual({});
  });

  it('throws ADP_ERR_BODY for a body that is neither', () => {
    const req = createAdapterRequest({ method: 'POST', rawPath: '/x', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(() => req.json()).toThrow(expect.objectContaining({ code: 'ADP_ERR_BODY' }));
  });
});
