import { describe, expect, it } from 'vitest';
import { isValidTimeZone, parseTimestamp } from '../../compare/timestamp.js';

const utc = Date.UTC(2018, 9, 4, 3, 0, 0);

describe('parseTimestamp', () => {
  it('reads offset-less legacy times in the given zone', () => {
    expect(parseTimestamp('2018-10-04 12:00:00', 'Asia/Tokyo')).toBe(utc);
    expect(parseTimestamp('2018/10/04 12:00:00', 'Asia/Tokyo')).toBe(utc);
    expect(parseTimestamp('2018-10-04 03:00:00', 'UTC')).toBe(utc);
  });
  it('reads explicit offsets and Z', () => {
    expect(parseTimestamp('2018-10-04T03:00:00Z', 'Asia/Tokyo')).toBe(utc);
    expect(parseTimestamp('2018-10-04T03:00:00.000Z', 'Asia/Tokyo')).toBe(utc);
    expect(parseTimestamp('2018-10-04T12:00:00+09:00', 'UTC')).toBe(utc);
    expect(parseTimestamp('2018-10-03T23:00:00-0400', 'UTC')).toBe(utc);
  });
  it('reads HTTP dates', () => {
    expect(parseTimestamp('Thu, 04 Oct 2018 03:00:00 GMT', 'Asia/Tokyo')).toBe(utc);
  });
  it('follows daylight saving in zones that have it', () => {
    expect(parseTimestamp('2018-07-01 12:00:00', 'Europe/London')).toBe(Date.UTC(2018, 6, 1, 11));
    expect(parseTimestamp('2018-01-01 12:00:00', 'Europe/London')).toBe(Date.UTC(2018, 0, 1, 12));
  });
  it('returns null for what is not a timestamp', () => {
    for (const s of ['hello', '2018-10-04', '12:00:00', '2018-13-45 99:99:99x', '']) expect(parseTimestamp(s, 'UTC'), s).toBeNull();
  });
  it('knows valid zones', () => {
    expect(isValidTimeZone('Asia/Tokyo')).toBe(true);
    expect(isValidTimeZone('Nowhere/Nothing')).toBe(false);
  });
});
