import type { Store } from './store.js';
import { openSqliteStore } from './sqlite-store.js';
import type { SqliteStoreOptions } from './sqlite-store.js';
import { openMysqlStore } from './mysql-store.js';
import type { MysqlStoreOptions } from './mysql-store.js';
import { CodedError } from '../errors/index.js';
import { STORE_ERR_BAD_URL, STORE_ERR_UNAVAILABLE } from './errors.js';

/** The embedded default store. */
export const DEFAULT_STORE_URL = 'sqlite:.strangler/strangler.db';

/** Options for either implementation; each ignores the other's keys. */
export type OpenStoreOptions = SqliteStoreOptions & MysqlStoreOptions & {
  /** Run pending migrations before returning (default true). */
  migrate?: boolean;
};

/** Open the store named by `url` (`sqlite:PATH` or `mysql://user:pass@host:port/db`) and run its migrations. */
export async function openStore(url: string, opts: OpenStoreOptions = {}): Promise<Store> {
  let store: Store;
  if (url.startsWith('sqlite:')) {
    const file = sqliteFileOf(url) as string;
    if (file === '') throw new STORE_ERR_BAD_URL(url);
    store = openSqliteStore(file, opts);
  } else if (url.startsWith('mysql://') || url.startsWith('mariadb://')) {
    store = openMysqlStore(url.replace(/^mariadb:/, 'mysql:'), opts);
  } else {
    throw new STORE_ERR_BAD_URL(url);
  }
  if (opts.migrate !== false) {
    try {
      await store.migrate();
    } catch (err) {
      await store.close().catch(() => undefined);
      // A database that cannot be reached is an expected problem (serve prints it and exits 2), not a crash.
      if (err instanceof CodedError) throw err;
      const e = err as NodeJS.ErrnoException;
      throw new STORE_ERR_UNAVAILABLE(withoutPassword(url), e.code ?? e.message, err);
    }
  }
  return store;
}

/** The SQLite file a `sqlite:PATH` URL names, or null for any other URL. */
export function sqliteFileOf(url: string): string | null {
  return url.startsWith('sqlite:') ? url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '') : null;
}

/** Pick the store URL at the CLI boundary: `--db`, then STRANGLER_DB, then the config file, then the default. */
export function resolveStoreUrl(opts: { db?: string; env?: Record<string, string | undefined>; configUrl?: string }): string {
  return opts.db ?? opts.env?.STRANGLER_DB ?? opts.configUrl ?? DEFAULT_STORE_URL;
}

// Network-level failures: the database may come back by itself (unlike a wrong password or database name).
const UNREACHABLE = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'PROTOCOL_CONNECTION_LOST',
]);

/** True when `err` is STORE_ERR_UNAVAILABLE for a network failure (refused, timed out, lost), not for bad credentials or a missing database. */
export function isStoreUnreachable(err: unknown): boolean {
  if (!(err instanceof CodedError) || err.code !== STORE_ERR_UNAVAILABLE.code) return false;
  const cause = (err as { cause?: NodeJS.ErrnoException }).cause;
  return cause !== undefined && UNREACHABLE.has(cause.code ?? '');
}

/** The URL with any password masked, for messages, logs and reports. */
export function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:\/\/([^:@/]*):[^@/]*@/, '://$1:***@');
  }
}
