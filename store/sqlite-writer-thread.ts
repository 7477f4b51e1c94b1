import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';

/** Batch inserts on a second SQLite connection in a worker thread, so they never block the event loop. */
export interface SqliteWriterThread {
  /**
   * Insert `rows` with `sql` in one transaction, binding each row's `keys` in order (booleans as 0/1,
   * objects as JSON text, missing as NULL); resolves once committed.
   */
  write(sql: string, keys: readonly string[], rows: readonly object[]): Promise<void>;
  /** Wait for the writes in flight, then stop the thread. */
  close(): Promise<void>;
}

interface Pending {
  resolve(): void;
  reject(err: Error): void;
}

// Plain JavaScript evaluated in the thread: no loader needed whether the caller runs from .ts or .js.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs });
db.pragma('synchronous = NORMAL');
const statements = new Map();
const value = (v) => (v === undefined || v === null ? null : typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'object' ? JSON.stringify(v) : v);
const insert = (sql, keys, json) => {
  let stmt = statements.get(sql);
  if (stmt === undefined) statements.set(sql, (stmt = db.prepare(sql)));
  const rows = JSON.parse(json);
  db.transaction(() => {
    for (const row of rows) stmt.run(keys.map((k) => value(row[k])));
  }).immediate();
};
parentPort.on('message', (m) => {
  if (m.close) { db.close(); parentPort.close(); return; }
  try {
    insert(m.sql, m.keys, m.rows);
    parentPort.postMessage({ id: m.id, ok: true });
  } catch (err) {
    parentPort.postMessage({ id: m.id, ok: false, message: String(err && err.message || err) });
  }
});
`;

/**
 * Start the writer thread for the SQLite file `file` (WAL mode, set by the main connection). The thread
 * is unref'd and started lazily by the caller; a thread that dies rejects its writes (the batch writer
 * keeps and retries them) and the next write starts a fresh one.
 */
export function createSqliteWriterThread(file: string, busyTimeoutMs: number): SqliteWriterThread {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const pending = new Map<number, Pending>();
  const inFlight = new Set<Promise<void>>();
  let worker: Worker | null = null;
  let nextId = 1;

  const failAll = (message: string): void => {
    for (const p of pending.values()) p.reject(new Error(`sqlite writer thread: ${message}`));
    pending.clear();
  };

  const start = (): Worker => {
    // No inherited execArgv: flags meant for the main script (`--input-type`, loaders) do not apply here.
    const w = new Worker(THREAD_SOURCE, { eval: true, execArgv: [], workerData: { driver, file, busyTimeoutMs } });
    w.unref();
    w.on('message', (reply: { id: number; ok: boolean; message?: string }) => {
      const p = pending.get(reply.id);
      if (p === undefined) return;
      pending.delete(reply.id);
      if (reply.ok) p.resolve();
      else p.reject(new Error(reply.message));
      // Only a thread with work in hand keeps the process alive.
      if (pending.size === 0) w.unref();
    });
    const died = (why: string): void => {
      if (worker === w) worker = null;
      failAll(why);
    };
    w.on('error', (err) => died(err.message));
    w.on('exit', (code) => died(`exit code ${code}`));
    return w;
  };

  return {
    write(sql, keys, rows) {
      // One string crosses to the thread: cheaper to make and to copy than a structured clone of the rows.
      const json = JSON.stringify(rows);
      const written = new Promise<void>((resolve, reject) => {
        worker ??= start();
        const id = nextId++;
        pending.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ id, sql, keys, rows: json });
      });
      inFlight.add(written);
      const forget = () => inFlight.delete(written);
      written.then(forget, forget);
      return written;
    },
    async close() {
      await Promise.allSettled([...inFlight]);
      const w = worker;
      if (w === null) return;
      worker = null;
      // Messages are handled in order: the writes already sent finish before the close message.
      const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
      w.ref();
      w.postMessage({ close: true });
      await exited;
    },
  };
}
