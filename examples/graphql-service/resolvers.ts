import { GraphQLError } from 'graphql';
import type { SqlGateway } from './sql-gateway.js';
import type { Loaders } from './loaders.js';
import type { InquiryRow, ItemRow, MessageRow, TransactionRow, UserRow } from './rows.js';
import { displayName } from './services/user-service.js';
import { hideItem } from './services/item-service.js';
import { listInquiries, replyToInquiry } from './services/inquiry-service.js';

/** What every resolver sees for one request. */
export interface ServiceContext {
  db: SqlGateway;
  loaders: Loaders;
  operatorId: string | null;
  requestId: string | null;
  now: () => number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** A GraphQL ID as a row id; anything but digits finds nothing. */
function rowId(id: string): number | null {
  return /^\d{1,15}$/.test(id) ? Number(id) : null;
}

function userError(message: string, code: 'NOT_FOUND' | 'BAD_USER_INPUT'): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

const byId = <T>(load: (id: number) => Promise<T | null>) => (id: string) => {
  const n = rowId(id);
  return n === null ? null : load(n);
};

const createdAt = (r: { createdAt: number }) => iso(r.createdAt);
const updatedAt = (r: { updatedAt: number }) => iso(r.updatedAt);

/** Resolvers of schema.graphql; enum values map to the lower-case values stored in SQLite. */
export const resolvers = {
  InquiryStatus: { OPEN: 'open', PENDING: 'pending', CLOSED: 'closed' },
  UserStatus: { ACTIVE: 'active', SUSPENDED: 'suspended', WITHDRAWN: 'withdrawn' },
  ItemStatus: { ON_SALE: 'on_sale', SOLD_OUT: 'sold_out', HIDDEN: 'hidden' },
  TransactionStatus: { WAIT_PAYMENT: 'wait_payment', WAIT_SHIPPING: 'wait_shipping', DONE: 'done', CANCELLED: 'cancelled' },
  SenderType: { USER: 'user', OPERATOR: 'operator' },

  Query: {
    user: (_: unknown, a: { id: string }, c: ServiceContext) => byId((n) => c.loaders.user.load(n))(a.id),
    item: (_: unknown, a: { id: string }, c: ServiceContext) => byId((n) => c.loaders.item.load(n))(a.id),
    transaction: (_: unknown, a: { id: string }, c: ServiceContext) => byId((n) => c.loaders.transaction.load(n))(a.id),
    inquiry: (_: unknown, a: { id: string }, c: ServiceContext) => byId((n) => c.loaders.inquiry.load(n))(a.id),
    inquiries: (_: unknown, a: { status?: string | null; page: number; perPage: number }, c: ServiceContext) => {
      if (a.page < 1) throw userError('page must be ≥ 1', 'BAD_USER_INPUT');
      if (a.perPage < 1 || a.perPage > 100) throw userError('perPage must be within 1..100', 'BAD_USER_INPUT');
      const { rows, total } = listInquiries(c.db, a.status ?? null, a.page, a.perPage);
      // Prime the loader so that nested lookups of these inquiries cost nothing more.
      for (const r of rows) c.loaders.inquiry.prime(r.id, r);
      return { nodes: rows, total, page: a.page, perPage: a.perPage };
    },
  },

  Mutation: {
    replyToInquiry: (
      _: unknown,
      a: { id: string; body: string; status?: string | null; dryRun?: boolean | null },
      c: ServiceContext,
    ) => {
      const id = rowId(a.id);
      if (a.body.trim() === '') throw userError('body must not be empty', 'BAD_USER_INPUT');
      if ([...a.body].length > 2000) throw userError('body must be at most 2000 characters', 'BAD_USER_INPUT');
      const dryRun = a.dryRun === true;
      const done =
        id === null
          ? null
          : c.db.transaction(
              () => replyToInquiry(c.db, { id, body: a.body, status: a.status ?? 'pending', operatorId: c.operatorId, now: c.now() }),
              dryRun,
            );
      if (done === null) throw userError(`inquiry ${a.id} not found`, 'NOT_FOUND');
      // The rows are a snapshot taken inside the transaction, so a dry run still reports them.
      return { dryRun, inquiryId: String(done.inquiry.id), status: done.inquiry.status, message: done.message, inquiry: done.inquiry };
    },
    hideItem: (_: unknown, a: { id: string; reason: string; dryRun?: boolean | null }, c: ServiceContext) => {
      const id = rowId(a.id);
      if (a.reason.trim() === '') throw userError('reason must not be empty', 'BAD_USER_INPUT');
      const dryRun = a.dryRun === true;
      const item = id === null ? null : c.db.transaction(() => hideItem(c.db, id, a.reason, c.now()), dryRun);
      if (item === null) throw userError(`item ${a.id} not found`, 'NOT_FOUND');
      return { dryRun, item };
    },
  },

  User: {
    displayName: (u: UserRow) => displayName(u),
    listedItemCount: (u: UserRow, _: unknown, c: ServiceContext) => c.loaders.listedItemCount.load(u.id),
    createdAt,
  },
  Item: {
    seller: (i: ItemRow, _: unknown, c: ServiceContext) => c.loaders.user.load(i.sellerId),
    createdAt,
    updatedAt,
  },
  Transaction: {
    buyer: (t: TransactionRow, _: unknown, c: ServiceContext) => c.loaders.user.load(t.buyerId),
    item: (t: TransactionRow, _: unknown, c: ServiceContext) => c.loaders.item.load(t.itemId),
    createdAt,
  },
  Message: { createdAt: (m: MessageRow) => iso(m.createdAt) },
  Inquiry: {
    user: (i: InquiryRow, _: unknown, c: ServiceContext) => c.loaders.user.load(i.userId),
    item: (i: InquiryRow, _: unknown, c: ServiceContext) => (i.itemId === null ? null : c.loaders.item.load(i.itemId)),
    transaction: (i: InquiryRow, _: unknown, c: ServiceContext) =>
      i.transactionId === null ? null : c.loaders.transaction.load(i.transactionId),
    messages: (i: InquiryRow, _: unknown, c: ServiceContext) => c.loaders.messages.load(i.id),
    createdAt,
    updatedAt,
  },
};
