import type { Database } from 'better-sqlite3';
import { formatJst } from './envelope.js';

/** Legacy display name of an inquiry's user: withdrawn users have no nickname. */
export const WITHDRAWN_USER_NAME = '退会済みユーザー';

const s = (v: number | bigint | null): string | null => (v === null ? null : String(v));

/**
 * The legacy SQL, written as the PHP app wrote it: one JOIN per screen, rows shaped by hand into
 * snake_case with ids and money as strings (PDO returned strings).
 */
export function createLegacyQueries(db: Database) {
  const inquiryDetail = db.prepare(`
    SELECT i.id, i.subject, i.category, i.status, i.created_at, i.updated_at,
           u.id AS user_id, u.nickname, u.status AS user_status,
           it.id AS item_id, it.name AS item_name, it.price AS item_price, it.status AS item_status,
           t.id AS tx_id, t.status AS tx_status, t.amount AS tx_amount, t.created_at AS tx_created_at
      FROM inquiries i
      JOIN users u ON u.id = i.user_id
      LEFT JOIN items it ON it.id = i.item_id
      LEFT JOIN transactions t ON t.id = i.transaction_id
     WHERE i.id = ?`);
  const inquiryMessages = db.prepare(
    'SELECT id, sender_type, operator_id, body, created_at FROM messages WHERE inquiry_id = ? ORDER BY created_at ASC, id ASC',
  );
  const listWhere = (status: string | null) => (status === null ? '' : 'WHERE i.status = ?');
  const listSql = (status: string | null) => `
    SELECT i.id, i.subject, i.category, i.status, i.created_at, i.updated_at,
           u.id AS user_id, u.nickname, it.id AS item_id, it.name AS item_name
      FROM inquiries i
      JOIN users u ON u.id = i.user_id
      LEFT JOIN items it ON it.id = i.item_id
     ${listWhere(status)}
     ORDER BY i.updated_at DESC, i.id DESC
     LIMIT ? OFFSET ?`;
  const listAll = db.prepare(listSql(null));
  const listByStatus = db.prepare(listSql('x'));
  const countAll = db.prepare('SELECT COUNT(*) AS n FROM inquiries i');
  const countByStatus = db.prepare('SELECT COUNT(*) AS n FROM inquiries i WHERE i.status = ?');
  const user = db.prepare(`
    SELECT u.id, u.nickname, u.email, u.status, u.created_at,
           (SELECT COUNT(*) FROM items it WHERE it.seller_id = u.id) AS listed_item_count
      FROM users u WHERE u.id = ?`);
  const item = db.prepare(`
    SELECT it.id, it.name, it.price, it.status, it.hidden_reason, it.created_at, it.updated_at,
           u.id AS seller_id, u.nickname AS seller_nickname
      FROM items it JOIN users u ON u.id = it.seller_id
     WHERE it.id = ?`);
  const inquiryExists = db.prepare('SELECT id FROM inquiries WHERE id = ?');
  const insertMessage = db.prepare(
    "INSERT INTO messages (inquiry_id, sender_type, operator_id, body, created_at) VALUES (?, 'operator', ?, ?, ?)",
  );
  const updateInquiry = db.prepare('UPDATE inquiries SET status = ?, updated_at = ? WHERE id = ?');
  const itemExists = db.prepare('SELECT id FROM items WHERE id = ?');
  const hideItem = db.prepare("UPDATE items SET status = 'hidden', hidden_reason = ?, updated_at = ? WHERE id = ?");

  return {
    /** Inquiry detail with its user, item, transaction and messages (oldest first), or null. */
    inquiryDetail(id: string): Record<string, unknown> | null {
      const r = inquiryDetail.get(id) as Record<string, any> | undefined;
      if (!r) return null;
      const messages = (inquiryMessages.all(id) as Record<string, any>[]).map((m) => ({
        message_id: s(m.id),
        sender_type: m.sender_type,
        operator_id: m.operator_id,
        body: m.body,
        created_at: formatJst(m.created_at),
      }));
      return {
        inquiry_id: s(r.id),
        subject: r.subject,
        category: r.category,
        status: r.status,
        created_at: formatJst(r.created_at),
        updated_at: formatJst(r.updated_at),
        user: { user_id: s(r.user_id), name: r.nickname ?? WITHDRAWN_USER_NAME, status: r.user_status },
        item: r.item_id === null ? null : { item_id: s(r.item_id), name: r.item_name, price: s(r.item_price), status: r.item_status },
        transaction:
          r.tx_id === null
            ? null
            : { transaction_id: s(r.tx_id), status: r.tx_status, amount: s(r.tx_amount), created_at: formatJst(r.tx_created_at) },
        messages,
      };
    },
    /** One page of inquiries, newest update first, with the total as a string (COUNT via PDO). */
    inquiryList(status: string | null, page: number, perPage: number): Record<string, unknown> {
      const offset = (page - 1) * perPage;
      const rows = (status === null ? listAll.all(perPage, offset) : listByStatus.all(status, perPage, offset)) as Record<string, any>[];
      const total = (status === null ? countAll.get() : countByStatus.get(status)) as { n: number };
      return {
        inquiries: rows.map((r) => ({
          inquiry_id: s(r.id),
          subject: r.subject,
          category: r.category,
          status: r.status,
          user_id: s(r.user_id),
          user_name: r.nickname ?? WITHDRAWN_USER_NAME,
          item_id: s(r.item_id),
          item_name: r.item_name,
          created_at: formatJst(r.created_at),
          updated_at: formatJst(r.updated_at),
        })),
        pagination: { page, per_page: perPage, total: s(total.n) },
      };
    },
    /** One user with the number of items they listed, or null. */
    user(id: string): Record<string, unknown> | null {
      const r = user.get(id) as Record<string, any> | undefined;
      if (!r) return null;
      return {
        user_id: s(r.id),
        nickname: r.nickname,
        email: r.email,
        status: r.status,
        created_at: formatJst(r.created_at),
        listed_item_count: s(r.listed_item_count),
      };
    },
    /** One item with its seller, or null. */
    item(id: string): Record<string, unknown> | null {
      const r = item.get(id) as Record<string, any> | undefined;
      if (!r) return null;
      return {
        item_id: s(r.id),
        name: r.name,
        price: s(r.price),
        status: r.status,
        hidden_reason: r.hidden_reason,
        seller: { user_id: s(r.seller_id), nickname: r.seller_nickname },
        created_at: formatJst(r.created_at),
        updated_at: formatJst(r.updated_at),
      };
    },
    /** Add an operator reply and set the inquiry status; null when the inquiry does not exist. */
    reply(id: string, operatorId: string | null, body: string, status: string, now: number): Record<string, unknown> | null {
      return db.transaction(() => {
        const row = inquiryExists.get(id) as { id: number } | undefined;
        if (!row) return null;
        const info = insertMessage.run(row.id, operatorId, body, now);
        updateInquiry.run(status, now, row.id);
        return { inquiry_id: s(row.id), message_id: s(info.lastInsertRowid), status };
      })();
    },
    /** Hide an item with a reason; null when the item does not exist. */
    hide(id: string, reason: string, now: number): Record<string, unknown> | null {
      const row = itemExists.get(id) as { id: number } | undefined;
      if (!row) return null;
      hideItem.run(reason, now, row.id);
      return { item_id: s(row.id), status: 'hidden', hidden_reason: reason };
    },
  };
}

/** The legacy query set bound to one database. */
export type LegacyQueries = ReturnType<typeof createLegacyQueries>;
