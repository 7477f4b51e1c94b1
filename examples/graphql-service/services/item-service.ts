import type { SqlGateway } from '../sql-gateway.js';
import { byKeys, placeholders } from '../rows.js';
import type { ItemRow } from '../rows.js';

const COLUMNS =
  'id, seller_id AS sellerId, name, price, status, hidden_reason AS hiddenReason, created_at AS createdAt, updated_at AS updatedAt';

/** Items by id in one query, in key order (null where missing). */
export function itemsByIds(db: SqlGateway, ids: readonly number[]): (ItemRow | null)[] {
  const rows = db.all<ItemRow>('item', `SELECT ${COLUMNS} FROM items WHERE id IN (${placeholders(ids.length)})`, [...ids]);
  return byKeys(ids, rows, (r) => r.id);
}

/** Hide an item; returns the item as it is after the change, or null when it does not exist. */
export function hideItem(db: SqlGateway, id: number, reason: string, now: number): ItemRow | null {
  const { changes } = db.run('item', "UPDATE items SET status = 'hidden', hidden_reason = ?, updated_at = ? WHERE id = ?", [reason, now, id]);
  if (changes === 0) return null;
  return db.get<ItemRow>('item', `SELECT ${COLUMNS} FROM items WHERE id = ?`, [id]) ?? null;
}
