import { describe, expect, it } from 'vitest';
import { createEventRedaction } from '../../proxy/event-redaction.js';

const redact = { keys: [], paths: [], allow: [], secret: 'k' };

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
  it('regression (case_id was stored percent-decoded: 山田太郎, 4111111111111111): such case ids are hashed, ids stay', () => {
    expect(r.caseId('山田太郎')).toMatch(/^redacted:[0-9a-f]{16}$/);
    expect(r.caseId('4111111111111111')).toMatch(/^redacted:[0-9a-f]{16}$/);
    expect(r.caseId('12345')).toBe('12345');
    expect(r.caseId('INQ-1024')).toBe('INQ-1024');
    // equal values hash alike in the case id and the path, so handlings still join
    expect(r.path(`/api/inquiries/${encodeURIComponent('山田太郎')}`)).toBe(`/api/inquiries/${r.caseId('山田太郎')}`);
  });
  it('keeps the literal segments of configured routes in any letter case; other upper-case words are hashed', () => {
    const withRoutes = createEventRedaction(redact, undefined, [{ path: '/api/Inquiries/:id' }, { path: '/Legacy/Detail.php' }]);
    expect(withRoutes.path('/api/INQUIRIES/42')).toBe('/api/INQUIRIES/42');
    expect(withRoutes.path('/Legacy/Detail.php')).toBe('/Legacy/Detail.php');
    expect(withRoutes.path('/api/Yamada')).toMatch(/^\/api\/redacted:/);
    expect(r.path('/api/Inquiries/42')).toMatch(/^\/api\/redacted:[0-9a-f]{16}\/42$/);
  });
  it('leaves ordinary paths alone and hashes one value the same way each time', () => {
    for (const p of ['/api/inquiries/12345', '/api/items/987654/hide', '/', '/inquiry/detail.php']) expect(r.path(p)).toBe(p);
    expect(r.path('/a/b%2Fc')).toMatch(/^\/a\/redacted:/); // deny by default: not a code word once decoded
    expect(r.path('/u/taro@example.jp')).toBe(r.path('/u/taro@example.jp'));
    expect(createEventRedaction(redact, 'other').path('/u/taro@example.jp')).not.toBe(r.path('/u/taro@example.jp'));
  });
});
