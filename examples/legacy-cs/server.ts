import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { INQUIRY_STATUSES } from '../sample-data/schema.js';
import { LEGACY_ERRORS, ngEnvelope, okEnvelope, legacyPaging, replyBodyProblem } from './envelope.js';
import { createLegacyQueries } from './queries.js';
import type { LegacyQueries } from './queries.js';
import { escapeHtml, layout } from './html-pages.js';

/** Options of {@link startLegacyCs}. */
export interface LegacyCsOptions {
  /** SQLite file made by `seedSampleData`. */
  dbFile: string;
  /** 0 = any free port (default). */
  port?: number;
  host?: string;
  /** Clock for written timestamps (epoch ms); tests pin it so two stacks write the same rows. */
  now?: () => number;
}

/** A running legacy CS tool. */
export interface LegacyCsServer {
  url: string;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  contentType: string;
  body: string;
}

const JSON_TYPE = 'application/json; charset=UTF-8';
const json = (status: number, value: unknown): Reply => ({ status, contentType: JSON_TYPE, body: JSON.stringify(value) });
const notFound = (): Reply => json(404, ngEnvelope(LEGACY_ERRORS.notFound));
const validation = (detail: string): Reply => json(LEGACY_ERRORS.validation.status, ngEnvelope(LEGACY_ERRORS.validation, detail));

/**
 * Start the sample legacy CS back office: JSON APIs in the PHP 7 style plus two HTML pages, a
 * PHPSESSID cookie, and gzip when the client accepts it (as PHP's ob_gzhandler did).
 */
export async function startLegacyCs(options: LegacyCsOptions): Promise<LegacyCsServer> {
  const db = new Database(options.dbFile);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  const queries = createLegacyQueries(db);
  const now = options.now ?? Date.now;

  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => route(queries, now, req, body))
      .catch((): Reply => json(500, ngEnvelope(LEGACY_ERRORS.system)))
      .then((reply) => send(req, res, reply));
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          db.close();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** PHP's `$_POST` for form bodies, `json_decode(file_get_contents('php://input'))` for JSON ones. */
function parseBody(req: IncomingMessage, body: Buffer): Record<string, unknown> {
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  if (body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function route(q: LegacyQueries, now: () => number, req: IncomingMessage, rawBody: Buffer): Reply {
  const url = new URL(req.url ?? '/', 'http://legacy');
  const path = url.pathname;
  const method = req.method ?? 'GET';
  let m: RegExpMatchArray | null;

  if (method === 'GET' || method === 'HEAD') {
    if (path === '/api/inquiries') {
      const status = url.searchParams.get('status');
      if (status !== null && status !== '' && !(INQUIRY_STATUSES as readonly string[]).includes(status)) {
        return validation('ステータスの指定が不正です');
      }
      const { page, perPage } = legacyPaging(url.searchParams);
      return json(200, okEnvelope(q.inquiryList(status || null, page, perPage)));
    }
    if ((m = path.match(/^\/api\/inquiries\/([^/]+)$/))) return found(q.inquiryDetail(m[1]));
    if ((m = path.match(/^\/api\/users\/([^/]+)$/))) return found(q.user(m[1]));
    if ((m = path.match(/^\/api\/items\/([^/]+)$/))) return found(q.item(m[1]));
    if (path === '/' || path === '/inquiries') return html(200, listPage(q));
    if ((m = path.match(/^\/inquiries\/([^/]+)$/))) return detailPage(q, m[1]);
  }
  if (method === 'POST') {
    if ((m = path.match(/^\/api\/inquiries\/([^/]+)\/reply$/))) {
      const body = parseBody(req, rawBody);
      const problem = replyBodyProblem(body.body);
      if (problem) return validation(problem);
      const status = body.status === undefined || body.status === '' ? 'pending' : body.status;
      if (typeof status !== 'string' || !(INQUIRY_STATUSES as readonly string[]).includes(status)) {
        return validation('ステータスの指定が不正です');
      }
      const operator = req.headers['x-operator-id'];
      return found(q.reply(m[1], typeof operator === 'string' ? operator : null, body.body as string, status, now()));
    }
    if ((m = path.match(/^\/api\/items\/([^/]+)\/hide$/))) {
      const body = parseBody(req, rawBody);
      if (typeof body.reason !== 'string' || body.reason.trim() === '') return validation('非表示の理由は必須です');
      return found(q.hide(m[1], body.reason, now()));
    }
  }
  return path.startsWith('/api/') ? notFound() : html(404, layout('ページが見つかりません', '<p>お探しのページは見つかりませんでした。</p>'));
}

function found(data: Record<string, unknown> | null): Reply {
  return data === null ? notFound() : json(200, okEnvelope(data));
}

function html(status: number, body: string): Reply {
  return { status, contentType: 'text/html; charset=UTF-8', body };
}

function listPage(q: LegacyQueries): string {
  const list = q.inquiryList(null, 1, 20) as { inquiries: Record<string, string>[] };
  const rows = list.inquiries
    .map(
      (i) =>
        `<tr><td><a href="/inquiries/${escapeHtml(i.inquiry_id)}">#${escapeHtml(i.inquiry_id)}</a></td>` +
        `<td>${escapeHtml(i.subject)}</td><td>${escapeHtml(i.status)}</td><td>${escapeHtml(i.user_name)}</td><td>${escapeHtml(i.updated_at)}</td></tr>`,
    )
    .join('\n');
  return layout('お問い合わせ一覧', `<table><tr><th>ID</th><th>件名</th><th>状態</th><th>ユーザー</th><th>更新日時</th></tr>\n${rows}\n</table>`);
}

function detailPage(q: LegacyQueries, id: string): Reply {
  const detail = q.inquiryDetail(id) as null | { subject: string; status: string; user: { name: string }; messages: Record<string, string>[] };
  if (detail === null) return html(404, layout('お問い合わせが見つかりません', '<p>指定されたお問い合わせは存在しません。</p>'));
  const messages = detail.messages
    .map((m) => `<li><b>${m.sender_type === 'user' ? escapeHtml(detail.user.name) : 'オペレーター'}</b> ${escapeHtml(m.created_at)}<p>${escapeHtml(m.body)}</p></li>`)
    .join('\n');
  const form =
    `<form method="post" action="/api/inquiries/${escapeHtml(id)}/reply"><textarea name="body"></textarea>` +
    `<select name="status"><option value="pending">回答待ち</option><option value="closed">完了</option></select><button>返信</button></form>`;
  return html(200, layout(`#${id} ${detail.subject}`, `<p>状態: ${escapeHtml(detail.status)}</p><ul>${messages}</ul>${form}`));
}

function send(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string | string[]> = {
    'content-type': reply.contentType,
    'x-powered-by': 'PHP/7.1.33',
    'cache-control': 'no-store, no-cache, must-revalidate',
    date: new Date().toUTCString(),
    vary: 'Accept-Encoding',
  };
  if (!/(?:^|;\s*)PHPSESSID=/.test(req.headers.cookie ?? '')) {
    headers['set-cookie'] = `PHPSESSID=${randomBytes(13).toString('hex')}; path=/; HttpOnly`;
  }
  let payload = Buffer.from(reply.body, 'utf8');
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    payload = gzipSync(payload);
    headers['content-encoding'] = 'gzip';
  }
  headers['content-length'] = String(payload.length);
  res.writeHead(reply.status, headers);
  res.end(req.method === 'HEAD' ? undefined : payload);
}

