/** Rows as the services return them (camelCase, epoch ms); resolvers shape them for the schema. */
export interface UserRow {
  id: number;
  nickname: string | null;
  email: string;
  status: string;
  createdAt: number;
}
export interface ItemRow {
  id: number;
  sellerId: number;
  name: string;
  price: number;
  status: string;
  hiddenReason: string | null;
  createdAt: number;
  updatedAt: number;
}
export interface TransactionRow {
  id: number;
  itemId: number;
  buyerId: number;
  status: string;
  amount: number;
  createdAt: number;
}
export interface InquiryRow {
  id: number;
  userId: number;
  itemId: number | null;
  transactionId: number | null;
  category: string;
  subject: string;
  status: string;
  createdAt: number;
  updatedAt: number;
}
export interface MessageRow {
  id: number;
  inquiryId: number;
  senderType: string;
  operatorId: string | null;
  body: string;
  createdAt: number;
}

/** `?, ?, ?` for an IN list. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** Put batch rows back in key order, `null` where none was found (what DataLoader expects). */
export function byKeys<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): (R | null)[] {
  const map = new Map<K, R>();
  for (const r of rows) map.set(keyOf(r), r);
  return keys.map((k) => map.get(k) ?? null);
}
