import { describe, expect, it } from 'vitest';
import { canonicalPath, normalizePath, normalizeSegment } from '../../routing/normalize-path.js';

describe('normalizePath', () => {
  it.each([
    ['/api/inquiries/42', ['api', 'inquiries', '42']],
    ['//api///inquiries//42/', ['api', 'inquiries', '42']],
    ['/api/./inquiries/x/../42', ['api', 'inquiries', '42']],
    ['/api/%2E%2e/api/inquiries/42', ['api', 'inquiries', '42']],
    ['/../../api', ['api']],
    ['/api/%69nquiries/%34%32?x=/y', ['api', 'inquiries', '42']],
    ['/api/a%2fb', ['api', 'a%2Fb']],
    ['/api/%e6%97%a5', ['api', '%E6%97%A5']],
    ['/api/%zz/%4', ['api', '%zz', '%4']],
    ['/api#frag/x', ['api']],
    ['/', []],
    ['http://cs.example.com:8080/api/inquiries/42?x=1', ['api', 'inquiries', '42']],
    ['HTTPS://cs.example.com', []],
  ])('%s → %j', (raw, segments) => {
    expect(normalizePath(raw)).toEqual(segments);
  });

  it('never turns an encoded slash into a separator', () => {
    expect(normalizePath('/a%2Fb')).toHaveLength(1);
    expect(canonicalPath('/a%2fb/')).toBe('/a%2Fb');
  });

  it('decodes only unreserved characters', () => {
    expect(normalizeSegment('%41%7E%2D%5F%2E%20%2B%3F')).toBe('A~-_.%20%2B%3F');
  });
});
