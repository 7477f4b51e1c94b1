import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { idTime, newRequestId } from '../../model/request-id.js';

describe('request ids', () => {
  it('reads back the millisecond a UUIDv7 was made in, across the whole 48-bit range', () => {
    for (const msecs of [0, 1, 0xffff, 0x10000, 1_764_000_000_123, 2 ** 47 + 5, 2 ** 48 - 1]) {
      expect(idTime(uuidv7({ msecs, seq: 0 }))).toBe(msecs);
    }
  });

  it('makes ids in order, each carrying a time within the clock readings around it', () => {
    const before = Date.now();
    const ids = Array.from({ length: 2_000 }, () => newRequestId());
    const after = Date.now();
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) {
      expect(idTime(id)).toBeGreaterThanOrEqual(before);
      expect(idTime(id)).toBeLessThanOrEqual(after);
    }
  });
});

describe('incoming ids', () => {
  it('keeps an X-Request-Id of visible ASCII up to 200 characters, nothing else', async () => {
    const { keptRequestId, traceparentOf } = await import('../../model/request-id.js');
    expect(keptRequestId('lb-7f3a.42')).toBe('lb-7f3a.42');
    expect(keptRequestId('x'.repeat(200))).toBe('x'.repeat(200));
    // Quotes are visible ASCII: kept, and escaped like any value in a JSON log line.
    expect(keptRequestId('quote"}')).toBe('quote"}');
    for (const bad of [undefined, '', 'x'.repeat(201), 'has space', 'tab\there', '日本', ['a', 'b']]) {
      expect(keptRequestId(bad)).toBeNull();
    }
    expect(traceparentOf('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(traceparentOf('00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01')).toBeNull();
    expect(traceparentOf('garbage')).toBeNull();
  });
});
