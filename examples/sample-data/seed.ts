import Database from 'better-sqlite3';
import { createPrng } from './prng.js';
import { SAMPLE_SCHEMA_SQL, INQUIRY_STATUSES } from './schema.js';

/** How much sample data to make; the same options and seed always give the same rows. */
export interface SeedOptions {
  users?: number;
  items?: number;
  inquiries?: number;
  seed?: number;
}

/** Row counts written by {@link seedSampleData}. */
export interface SeedSummary {
  users: number;
  items: number;
  transactions: number;
  inquiries: number;
  messages: number;
}

const NICKNAMES = ['たろう', 'はなこ', 'ゆうき', 'さくら', 'けんじ', 'みどり', 'ひろし', 'あおい', 'そら', 'まこと', 'りん', 'だいち'];
const ITEM_NAMES = [
  'ニンテンドースイッチ 本体', 'ワイヤレスイヤホン 新品未開封', '無印良品 ノート 5冊セット', 'ユニクロ ダウンジャケット M',
  '鬼滅の刃 全巻セット', 'iPhone 12 ケース', 'ルンバ 自動掃除機', '北欧風 マグカップ', 'ポケモンカード まとめ売り',
  '子ども用 自転車 16インチ', 'コーヒーミル 手挽き', 'ヨガマット 厚手',
];
const CATEGORIES = ['shipping', 'payment', 'account', 'item', 'other'] as const;
const SUBJECTS: Record<(typeof CATEGORIES)[number], string[]> = {
  shipping: ['商品が届きません', '発送通知が来たのに追跡できません', '配送先を変更したい'],
  payment: ['支払い方法を変更したい', '二重に請求されています', 'ポイントが反映されません'],
  account: ['ログインできません', '本人確認書類について', '退会したい'],
  item: ['商品説明と違う物が届きました', '偽物の疑いがあります', '商品が壊れていました'],
  other: ['出品者と連絡が取れません', '評価を取り消したい', 'その他のお問い合わせ'],
};
const USER_LINES = [
  'お世話になっております。確認をお願いします。', '至急対応していただけますか。', '写真を添付しました。',
  'まだ解決していません。', 'ご対応ありがとうございました。',
];
const OPERATOR_LINES = [
  'お問い合わせいただきありがとうございます。担当者が確認いたします。', 'ご不便をおかけして申し訳ございません。',
  '取引の状況を確認いたしました。', '恐れ入りますが、詳細をお知らせください。', '本件はこれにて完了とさせていただきます。',
];
const HIDDEN_REASONS = ['規約違反の疑い', '偽ブランド品の疑い', '出品者からの申請'];
const TX_STATUSES = ['wait_payment', 'wait_shipping', 'done', 'cancelled'] as const;

// 2024-01-01T00:00:00Z: all sample timestamps fall in the year after it.
const EPOCH = Date.UTC(2024, 0, 1);
const DAY = 86_400_000;

/**
 * Create (or recreate) the sample tables in `dbFile` and fill them deterministically from `seed`.
 * Users with status `withdrawn` have no nickname (one of the planted differences depends on it).
 */
export function seedSampleData(dbFile: string, options: SeedOptions = {}): SeedSummary {
  const userCount = options.users ?? 50;
  const itemCount = options.items ?? 200;
  const inquiryCount = options.inquiries ?? 300;
  const rnd = createPrng(options.seed ?? 1);
  const at = (minDay: number, maxDay: number): number => EPOCH + rnd.int(minDay * DAY, maxDay * DAY - 1000);
  const sec = (ms: number): number => ms - (ms % 1000);

  const db = new Database(dbFile);
  try {
    db.pragma('journal_mode = WAL');
    db.exec('DROP TABLE IF EXISTS messages; DROP TABLE IF EXISTS inquiries; DROP TABLE IF EXISTS transactions; DROP TABLE IF EXISTS items; DROP TABLE IF EXISTS users;');
    db.exec(SAMPLE_SCHEMA_SQL);
    const summary: SeedSummary = { users: 0, items: 0, transactions: 0, inquiries: 0, messages: 0 };
    const insertUser = db.prepare('INSERT INTO users (id, nickname, email, status, created_at) VALUES (?, ?, ?, ?, ?)');
    const insertItem = db.prepare(
      'INSERT INTO items (id, seller_id, name, price, status, hidden_reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertTx = db.prepare('INSERT INTO transactions (id, item_id, buyer_id, status, amount, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    const insertInquiry = db.prepare(
      'INSERT INTO inquiries (id, user_id, item_id, transaction_id, category, subject, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertMessage = db.prepare(
      'INSERT INTO messages (id, inquiry_id, sender_type, operator_id, body, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );

    db.transaction(() => {
      for (let id = 1; id <= userCount; id++) {
        const r = rnd.next();
        const status = r < 0.8 ? 'active' : r < 0.9 ? 'suspended' : 'withdrawn';
        const nickname = status === 'withdrawn' ? null : `${rnd.pick(NICKNAMES)}${rnd.int(1, 999)}`;
        insertUser.run(id, nickname, `user${id}@example.jp`, status, sec(at(0, 60)));
        summary.users++;
      }
      const txByItem = new Map<number, { id: number; buyerId: number }>();
      for (let id = 1; id <= itemCount; id++) {
        const sellerId = rnd.int(1, userCount);
        const r = rnd.next();
        const status = r < 0.65 ? 'on_sale' : r < 0.93 ? 'sold_out' : 'hidden';
        const created = sec(at(60, 120));
        const updated = sec(created + rnd.int(0, 30 * DAY));
        const price = rnd.int(30, 5000) * 10;
        insertItem.run(id, sellerId, rnd.pick(ITEM_NAMES), price, status, status === 'hidden' ? rnd.pick(HIDDEN_REASONS) : null, created, updated);
        summary.items++;
        if (status === 'sold_out' && userCount > 1) {
          let buyerId = rnd.int(1, userCount);
          if (buyerId === sellerId) buyerId = (buyerId % userCount) + 1;
          const txId = ++summary.transactions;
          insertTx.run(txId, id, buyerId, rnd.pick(TX_STATUSES), price, sec(updated));
          txByItem.set(id, { id: txId, buyerId });
        }
      }
      const soldItems = [...txByItem.keys()];
      let messageId = 0;
      for (let id = 1; id <= inquiryCount; id++) {
        const r = rnd.next();
        let userId = rnd.int(1, userCount);
        let itemId: number | null = null;
        let txId: number | null = null;
        if (r < 0.6 && soldItems.length > 0) {
          itemId = rnd.pick(soldItems);
          const tx = txByItem.get(itemId)!;
          txId = tx.id;
          userId = tx.buyerId;
        } else if (r < 0.8 && itemCount > 0) {
          itemId = rnd.int(1, itemCount);
        }
        const category = rnd.pick(CATEGORIES);
        const created = sec(at(150, 360));
        const count = rnd.int(1, 5);
        const messages: [string, string | null, string, number][] = [];
        let ts = created;
        for (let m = 0; m < count; m++) {
          const fromUser = m % 2 === 0;
          const body = fromUser ? rnd.pick(USER_LINES) : rnd.pick(OPERATOR_LINES);
          messages.push([fromUser ? 'user' : 'operator', fromUser ? null : `op-${rnd.int(1, 20)}`, body, ts]);
          if (m < count - 1) ts = sec(ts + rnd.int(60_000, 2 * DAY));
        }
        insertInquiry.run(id, userId, itemId, txId, category, rnd.pick(SUBJECTS[category]), rnd.pick(INQUIRY_STATUSES), created, ts);
        for (const [sender, operatorId, body, at] of messages) {
          insertMessage.run(++messageId, id, sender, operatorId, body, at);
          summary.messages++;
        }
        summary.inquiries++;
      }
    })();
    return summary;
  } finally {
    db.close();
  }
}
