/**
 * The sample marketplace tables, shared by the legacy CS tool and the GraphQL service (both read the
 * same SQLite file, as the real CS tool read the marketplace's MySQL directly).
 * Timestamps are stored as epoch milliseconds (UTC); each side formats them its own way.
 */
export const SAMPLE_SCHEMA_SQL = `
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  nickname TEXT,
  email TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  seller_id INTEGER NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  price INTEGER NOT NULL,
  status TEXT NOT NULL,
  hidden_reason TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX items_seller ON items(seller_id);
CREATE TABLE transactions (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id),
  buyer_id INTEGER NOT NULL REFERENCES users(id),
  status TEXT NOT NULL,
  amount INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE inquiries (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  item_id INTEGER REFERENCES items(id),
  transaction_id INTEGER REFERENCES transactions(id),
  category TEXT NOT NULL,
  subject TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX inquiries_status ON inquiries(status, updated_at);
CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  inquiry_id INTEGER NOT NULL REFERENCES inquiries(id),
  sender_type TEXT NOT NULL,
  operator_id TEXT,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX messages_inquiry ON messages(inquiry_id, created_at);
`;

/** Inquiry statuses as stored (and as legacy shows them). */
export const INQUIRY_STATUSES = ['open', 'pending', 'closed'] as const;
