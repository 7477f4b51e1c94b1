import DataLoader from 'dataloader';
import type { SqlGateway } from './sql-gateway.js';
import { usersByIds, listedItemCounts } from './services/user-service.js';
import { itemsByIds } from './services/item-service.js';
import { transactionsByIds } from './services/transaction-service.js';
import { inquiriesByIds, messagesByInquiryIds } from './services/inquiry-service.js';

/**
 * Per-request DataLoaders: every `user`/`item`/… lookup made while resolving one operation is
 * batched into one query per type (the N+1 problem the real GraphQL service had to solve).
 */
export function createLoaders(db: SqlGateway) {
  // Services are synchronous (better-sqlite3); DataLoader still batches all keys of one tick.
  const batch = <K, V>(fn: (keys: readonly K[]) => V[]) => new DataLoader<K, V>(async (keys) => fn(keys));
  return {
    user: batch((ids: readonly number[]) => usersByIds(db, ids)),
    listedItemCount: batch((ids: readonly number[]) => listedItemCounts(db, ids)),
    item: batch((ids: readonly number[]) => itemsByIds(db, ids)),
    transaction: batch((ids: readonly number[]) => transactionsByIds(db, ids)),
    inquiry: batch((ids: readonly number[]) => inquiriesByIds(db, ids)),
    messages: batch((ids: readonly number[]) => messagesByInquiryIds(db, ids)),
  };
}

/** The loaders of one request. */
export type Loaders = ReturnType<typeof createLoaders>;
