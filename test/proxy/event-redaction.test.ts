import { describe, expect, it } from 'vitest';
import { createEventRedaction } from '../../proxy/event-redaction.js';

const redact = { keys: [], paths: [], secret: 'k' };

describe('createEventRedaction', () => {
  const r = createEventRedaction(redact);
  it('regression (e-mails and phone numbers in paths reached request_events and the logs): they are hashed', () => {
    for (const p of ['/api/users/taro@example.jp', '/api/users/taro%40example.jp', '/u/090-1234-5678', '/u/03-1234-5678', '/u/%2B81%2090%201234%205678', '/u/09012345678']) {
      const out = r.path(p);
      expect(out).not.toMatch(/taro|1234|5678/);
      expect(out.startsWith('/')).toBe(true);
    }
    expect(r.caseId('taro@example.jp')).not.toContain('taro');
  });
  it('leaves ordinary paths alone and hashes one value the same way each time', () => {
    for (const p of ['/api/inquiries/12345', '/api/items/987654/hide', '/', '/a/b%2Fc']) expect(r.path(p)).toBe(p);
    expect(r.path('/u/taro@example.jp')).toBe(r.path('/u/taro@example.jp'));
    expect(createEventRedaction(redact, 'other').path('/u/taro@example.jp')).not.toBe(r.path('/u/taro@example.jp'));
  });
});
