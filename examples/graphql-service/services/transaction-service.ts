import type { SqlGateway } from '../sql-gateway.js';
import { byKeys, placeholders } from '../rows.js';
import type { TransactionRow } from '../rows.js';

/** Transactions by id in one query, in key order (null where missing). */
export function transactionsByIds(db: SqlGateway, ids: readonly number[]): (TransactionRow | null)[] {
  const rows = db.all<TransactionRow>(
    'transaction',
    `SELECT id, item_id AS itemId, buyer_id AS buyerId, status, amount, created_at AS createdAt
       FROM transactions WHERE id IN (${placeholders(ids.length)})`,
    [...ids],
  );
  return byKeys(ids, rows, (r) => r.id);
}
