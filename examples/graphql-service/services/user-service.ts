import type { SqlGateway } from '../sql-gateway.js';
import { byKeys, placeholders } from '../rows.js';
import type { UserRow } from '../rows.js';

const COLUMNS = 'id, nickname, email, status, created_at AS createdAt';

/** Users by id in one query, in key order (null where missing). */
export function usersByIds(db: SqlGateway, ids: readonly number[]): (UserRow | null)[] {
  const rows = db.all<UserRow>('user', `SELECT ${COLUMNS} FROM users WHERE id IN (${placeholders(ids.length)})`, [...ids]);
  return byKeys(ids, rows, (r) => r.id);
}

/** Number of items each seller listed, in one grouped query. */
export function listedItemCounts(db: SqlGateway, sellerIds: readonly number[]): number[] {
  const rows = db.all<{ sellerId: number; n: number }>(
    'item',
    `SELECT seller_id AS sellerId, COUNT(*) AS n FROM items WHERE seller_id IN (${placeholders(sellerIds.length)}) GROUP BY seller_id`,
    [...sellerIds],
  );
  const map = new Map(rows.map((r) => [r.sellerId, r.n]));
  return sellerIds.map((id) => map.get(id) ?? 0);
}

/**
 * The name an operator sees for a user.
 * Planted bug (documented in docs/sample-domain.md): a withdrawn user has no nickname, and this
 * falls back to the local part of the e-mail address instead of legacy's 「退会済みユーザー」.
 */
export function displayName(user: UserRow): string {
  return user.nickname ?? user.email.split('@')[0];
}
