import { describe, it, expect } from 'vitest';
import { PendingReplies } from '../../../shadow/threads/pending-replies.js';

describe('PendingReplies', () => {
  it('gives each waiting entry its own id and hands it back once', () => {
    const table = new PendingReplies<string>();
    const a = table.add('a');
    const b = table.add('b');
    expect(a).not.toBe(b);
    expect(table.size).toBe(2);
    expect(table.take(b)).toBe('b');
    expect(table.take(b)).toBeUndefined();
    expect(table.take(a)).toBe('a');
    expect(table.size).toBe(0);
  });

  it('reuses the ids of answered entries, so the table grows only with what waits at once', () => {
    const table = new PendingReplies<number>();
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const first = table.add(i);
      const second = table.add(-i);
      seen.add(first).add(second);
      expect(table.take(second)).toBe(-i);
      expect(table.take(first)).toBe(i);
    }
    expect(seen.size).toBe(2);
  });

  it('finds nothing under an id it never gave or one already answered', () => {
    const table = new PendingReplies<string>();
    const id = table.add('x');
    expect(table.take(id + 1)).toBeUndefined();
    expect(table.take(-1)).toBeUndefined();
    expect(table.size).toBe(1);
  });

  it('drains every waiting entry, in id order, and keeps none', () => {
    const table = new PendingReplies<string>();
    const ids = ['a', 'b', 'c', 'd'].map((s) => table.add(s));
    table.take(ids[1]!);
    expect(table.drain()).toEqual(['a', 'c', 'd']);
    expect(table.size).toBe(0);
    for (const id of ids) expect(table.take(id)).toBeUndefined();
    // The drained ids are free again.
    expect(ids).toContain(table.add('e'));
  });
});
