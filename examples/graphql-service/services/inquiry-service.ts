import type { SqlGateway } from '../sql-gateway.js';
import { byKeys, placeholders } from '../rows.js';
import type { InquiryRow, MessageRow } from '../rows.js';

const COLUMNS =
  'id, user_id AS userId, item_id AS itemId, transaction_id AS transactionId, category, subject, status, created_at AS createdAt, updated_at AS updatedAt';
const MESSAGE_COLUMNS = 'id, inquiry_id AS inquiryId, sender_type AS senderType, operator_id AS operatorId, body, created_at AS createdAt';

/** Inquiries by id in one query, in key order (null where missing). */
export function inquiriesByIds(db: SqlGateway, ids: readonly number[]): (InquiryRow | null)[] {
  const rows = db.all<InquiryRow>('inquiry', `SELECT ${COLUMNS} FROM inquiries WHERE id IN (${placeholders(ids.length)})`, [...ids]);
  return byKeys(ids, rows, (r) => r.id);
}

/** One page of inquiries (newest update first) and the total matching `status` (null = all). */
export function listInquiries(
  db: SqlGateway,
  status: string | null,
  page: number,
  perPage: number,
): { rows: InquiryRow[]; total: number } {
  const where = status === null ? '' : 'WHERE status = ?';
  const filter = status === null ? [] : [status];
  const rows = db.all<InquiryRow>(
    'inquiry',
    `SELECT ${COLUMNS} FROM inquiries ${where} ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?`,
    [...filter, perPage, (page - 1) * perPage],
  );
  const total = db.get<{ n: number }>('inquiry', `SELECT COUNT(*) AS n FROM inquiries ${where}`, filter)!.n;
  return { rows, total };
}

/**
 * Messages of many inquiries in one query, grouped in key order.
 * Newest first: the new UI shows the latest message on top (legacy lists oldest first; documented).
 */
export function messagesByInquiryIds(db: SqlGateway, inquiryIds: readonly number[]): MessageRow[][] {
  const rows = db.all<MessageRow>(
    'message',
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE inquiry_id IN (${placeholders(inquiryIds.length)}) ORDER BY created_at DESC, id DESC`,
    [...inquiryIds],
  );
  const groups = new Map<number, MessageRow[]>(inquiryIds.map((id) => [id, []]));
  for (const r of rows) groups.get(r.inquiryId)?.push(r);
  return inquiryIds.map((id) => groups.get(id) ?? []);
}

/** Add an operator reply and set the inquiry's status; null when the inquiry does not exist. */
export function replyToInquiry(
  db: SqlGateway,
  input: { id: number; body: string; status: string; operatorId: string | null; now: number },
): { inquiry: InquiryRow; message: MessageRow } | null {
  const { changes } = db.run('inquiry', 'UPDATE inquiries SET status = ?, updated_at = ? WHERE id = ?', [input.status, input.now, input.id]);
  if (changes === 0) return null;
  const { lastInsertRowid } = db.run(
    'message',
    "INSERT INTO messages (inquiry_id, sender_type, operator_id, body, created_at) VALUES (?, 'operator', ?, ?, ?)",
    [input.id, input.operatorId, input.body, input.now],
  );
  const inquiry = db.get<InquiryRow>('inquiry', `SELECT ${COLUMNS} FROM inquiries WHERE id = ?`, [input.id])!;
  const message = db.get<MessageRow>('message', `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = ?`, [lastInsertRowid])!;
  return { inquiry, message };
}
