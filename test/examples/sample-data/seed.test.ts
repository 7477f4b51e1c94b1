import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { seedSampleData } from '../../../examples/sample-data/index.js';

const dir = mkdtempSync(join(tmpdir(), 'strangler-seed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function dump(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return ['users', 'items', 'transactions', 'inquiries', 'messages']
      .map((t) => JSON.stringify(db.prepare(`SELECT * FROM ${t} ORDER BY id`).all()))
      .join('\n');
  } finally {
    db.close();
  }
}

describe('seedSampleData', () => {
  it('gives the same rows for the same seed and different rows for another seed', () => {
    const a = join(dir, 'a.db');
    const b = join(dir, 'b.db');
    const c = join(dir, 'c.db');
    const summary = seedSampleData(a, { users: 20, items: 40, inquiries: 30, seed: 7 });
    seedSampleData(b, { users: 20, items: 40, inquiries: 30, seed: 7 });
    seedSampleData(c, { users: 20, items: 40, inquiries: 30, seed: 8 });
    expect(summary).toMatchObject({ users: 20, items: 40, inquiries: 30 });
    expect(summary.messages).toBeGreaterThanOrEqual(30);
    expect(dump(a)).toBe(dump(b));
    expect(dump(a)).not.toBe(dump(c));
  });

  it('re-seeding a file replaces its rows instead of adding to them', () => {
    const f = join(dir, 'again.db');
    seedSampleData(f, { users: 10, items: 10, inquiries: 10 });
    const first = dump(f);
    seedSampleData(f, { users: 10, items: 10, inquiries: 10 });
    expect(dump(f)).toBe(first);
  });

  it('holds Japanese text, withdrawn users without a nickname, and inquiries tied to transactions', () => {
    const f = join(dir, 'shape.db');
    seedSampleData(f, {});
    const db = new Database(f, { readonly: true });
    try {
      expect((db.prepare("SELECT COUNT(*) AS n FROM users WHERE status = 'withdrawn' AND nickname IS NULL").get() as { n: number }).n).toBeGreaterThan(0);
      expect((db.prepare('SELECT COUNT(*) AS n FROM inquiries WHERE transaction_id IS NOT NULL').get() as { n: number }).n).toBeGreaterThan(0);
      expect((db.prepare('SELECT subject FROM inquiries WHERE id = 1').get() as { subject: string }).subject).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      // Every inquiry tied to a transaction belongs to its buyer.
      const mismatched = db
        .prepare('SELECT COUNT(*) AS n FROM inquiries i JOIN transactions t ON t.id = i.transaction_id WHERE t.buyer_id != i.user_id OR t.item_id != i.item_id')
        .get() as { n: number };
      expect(mismatched.n).toBe(0);
    } finally {
      db.close();
    }
    expect(readFileSync(f).length).toBeGreaterThan(0);
  });
});
