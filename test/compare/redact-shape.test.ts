import { describe, expect, it } from 'vitest';
import { shapeOf } from '../../compare/redact-shape.js';

describe('shapeOf', () => {
  it('writes character classes with run lengths, never the content', () => {
    expect(shapeOf('2024-01-02 10:11:12')).toBe('dddd-dd-dd dd:dd:dd');
    expect(shapeOf('山田太郎')).toBe('[Han×4]');
    expect(shapeOf('山田　')).toBe('[Han×2][space]');
    expect(shapeOf('やまだ タロウ')).toBe('[Hiragana×3] [Katakana×3]');
    expect(shapeOf('Taro')).toBe('Aaaa');
    expect(shapeOf('０９０１２３４５６７８')).toBe('[Fullwidth-digit×11]');
    expect(shapeOf('a\tb\r\n')).toBe('a[tab]a[cr][lf]');
    expect(shapeOf('12345678901234')).toBe('[d×14]');
    expect(shapeOf('')).toBe('');
  });
  it('shows a whitespace or format difference', () => {
    expect(shapeOf('open ')).not.toBe(shapeOf('open'));
    expect(shapeOf('2024/01/02')).not.toBe(shapeOf('2024-01-02'));
  });
  it('cuts a long text after its first runs and gives its length', () => {
    const out = shapeOf('ab '.repeat(1000));
    expect(out.length).toBeLessThan(120);
    expect(out).toMatch(/…\(3000 chars\)$/);
  });
});
