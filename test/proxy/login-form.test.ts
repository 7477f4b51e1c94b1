import { describe, expect, it } from 'vitest';
import { readLoginField } from '../../proxy/login-form.js';

describe('readLoginField', () => {
  it('reads an urlencoded form, as a PHP login page posts it', () => {
    expect(readLoginField(Buffer.from('login_id=op%2D7&password=x'), 'application/x-www-form-urlencoded', 'login_id')).toBe('op-7');
  });

  it('reads a JSON body, a dotted key for nesting, and numbers as text', () => {
    expect(readLoginField(Buffer.from('{"login_id":" alice "}'), 'application/json; charset=utf-8', 'login_id')).toBe('alice');
    expect(readLoginField(Buffer.from('{"user":{"id":42}}'), 'application/json', 'user.id')).toBe('42');
  });

  it('reads a multipart field and never a file part of the same name', () => {
    const b = 'XyZ';
    const body = [
      `--${b}\r\nContent-Disposition: form-data; name="login_id"; filename="a.txt"\r\n\r\nnot-this\r\n`,
      `--${b}\r\nContent-Disposition: form-data; name="login_id"\r\n\r\ncarol\r\n`,
      `--${b}--\r\n`,
    ].join('');
    expect(readLoginField(Buffer.from(body), `multipart/form-data; boundary=${b}`, 'login_id')).toBe('carol');
  });

  it('gives null for a missing or empty field and for a broken JSON body', () => {
    expect(readLoginField(Buffer.from('password=x'), 'application/x-www-form-urlencoded', 'login_id')).toBeNull();
    expect(readLoginField(Buffer.from('login_id=++'), 'application/x-www-form-urlencoded', 'login_id')).toBeNull();
    expect(readLoginField(Buffer.from('{"login_id":'), 'application/json', 'login_id')).toBeNull();
    expect(readLoginField(Buffer.from('{"login_id":{"a":1}}'), 'application/json', 'login_id')).toBeNull();
  });
});
