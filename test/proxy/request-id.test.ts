import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { idTime, newRequestId } from '../../proxy/request-id.js';

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
