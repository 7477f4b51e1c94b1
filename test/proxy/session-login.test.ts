import { describe, expect, it } from 'vitest';
import { sessionFromSetCookie } from '../../proxy/session-login.js';

describe('sessionFromSetCookie', () => {
  it('reads the session legacy sets, the last Set-Cookie for it winning', () => {
    expect(sessionFromSetCookie(['cs_operator=alice; path=/', 'PHPSESSID=abc123; path=/; HttpOnly'], 'PHPSESSID')).toBe('abc123');
    expect(sessionFromSetCookie(['PHPSESSID=old; path=/', 'PHPSESSID=new; path=/'], 'PHPSESSID')).toBe('new');
    expect(sessionFromSetCookie('PHPSESSID="q%2Cv"; path=/', 'PHPSESSID')).toBe('q,v');
  });

  it('a cookie legacy deletes is no session', () => {
    expect(sessionFromSetCookie('PHPSESSID=deleted; expires=Thu, 01 Jan 1970 00:00:01 GMT', 'PHPSESSID')).toBeNull();
    expect(sessionFromSetCookie('PHPSESSID=abc; Max-Age=0', 'PHPSESSID')).toBeNull();
    expect(sessionFromSetCookie(['PHPSESSID=abc', 'PHPSESSID=; Max-Age=-1'], 'PHPSESSID')).toBeNull();
  });

  it('other cookies and no header give null', () => {
    expect(sessionFromSetCookie(undefined, 'PHPSESSID')).toBeNull();
    expect(sessionFromSetCookie(['PHPSESSIDX=abc', 'XPHPSESSID=abc'], 'PHPSESSID')).toBeNull();
  });
});
