import { describe, expect, it } from 'vitest';
import { detectPii, isCard } from '../../compare/redact-detectors.js';

describe('phone detector', () => {
  it.each([
    '090-1234-5678', '09012345678', '090.5555.6666', '090 5555 6666', '(03) 1234-5678', '03(1234)5678', '0120-123-456',
    '０９０１２３４５６７８', '０９０－１２３４－５６７８', '090ー1234ー5678', '+819011112222', '+81 90 1111 2222', '+81-90-1111-2222',
    '+81 (0)90-1111-2222', '+1 415 555 0132', '＋８１９０１１１１２２２２', 'tel:090-1234-5678 please', 'in 2024 090 1234 5678',
  ])('finds %s', (text) => {
    expect(detectPii(text)).toBe('phone');
  });
  it.each([
    '2024-01-02 10:11:12', '2024-01-02T10:11:12.123Z', '20240102101112', '1700000000', '1700000000000', '0.1234567890',
    'v1.2.3', '192.168.100.200', 'order 12345', '1,234,567 yen', '12345678', '2018-10-04',
  ])('leaves the near miss %s', (text) => {
    expect(detectPii(text)).toBeNull();
  });
});

describe('e-mail detector', () => {
  it.each([
    'taro@example.jp', 'Taro.Yamada+cs@example.co.jp', 'taro%40example.jp', 'taro%40example%2Ejp', 'taro＠example.jp',
    'ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ', '山田@例え.jp', 'taro@xn--r8jz45g.jp', 'taro@%E4%BE%8B%E3%81%88.jp', 'mail me: hanako@example.com!',
  ])('finds %s', (text) => {
    expect(detectPii(text)).toBe('email');
  });
  it.each(['@mention', 'a@b', 'user@localhost', 'price @ 100 yen', '100%', 'x@y.', `${'a'.repeat(100)}@`])('leaves the near miss %s', (text) => {
    expect(detectPii(text)).toBeNull();
  });
});

describe('card detector', () => {
  it.each([
    '4111111111111111', '4111 1111 1111 1111', '4111-1111-1111-1111', '4111.1111.1111.1111', '５５５５５５５５５５５５４４４４',
    '378282246310005', '3530 1113 3330 0000', '2221000000000009', '6011111111111117', 'card 4111 1111 1111 1111 exp 12/29',
  ])('finds %s', (text) => {
    expect(detectPii(text)).toBe('card');
  });
  it.each(['4111111111111112', '4111 1111 1111 1112', '1234567812345670', '20240102101112', '12345678901234567890'])('leaves the near miss %s', (text) => {
    expect(detectPii(text)).toBeNull();
  });
  it('checks Luhn and the network prefix', () => {
    expect(isCard('4111111111111111')).toBe(true);
    expect(isCard('4111111111111112')).toBe(false);
    expect(isCard('1111111111111117')).toBe(false); // Luhn-valid, no card network starts with 1
    expect(isCard('2024010210111200')).toBe(false);
  });
});
