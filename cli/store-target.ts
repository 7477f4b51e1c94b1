import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { loadConfig } from '../config/index.js';
import type { StranglerConfig } from '../config/index.js';
import { openStore, resolveStoreUrl, sqliteFileOf, withoutPassword, STORE_ERR_NO_DATABASE } from '../store/index.js';
import type { Store } from '../store/index.js';

/** The options every store command shares. */
export interface StoreTargetOptions {
  db?: string;
  config?: string;
}

/** Add `--db URL` and `--config FILE` to a store command. */
export function withStoreOptions(cmd: Command): Command {
  return cmd
    .option('--db <url>', 'store URL: sqlite:PATH or mysql://user:pass@host:port/db (default: STRANGLER_DB, the config, then sqlite:.strangler/strangler.db)')
    .option('--config <file>', 'config file (for store.url and the gate thresholds)');
}

/**
 * Open the store the options name (the environment is read here, at the CLI boundary) and migrate it.
 * The config needs no `legacy` (store commands proxy nothing). `bulk` writes SQLite on the main thread
 * (nothing else runs meanwhile). A `readOnly` command never creates a
 * database: a missing SQLite file is STORE_ERR_NO_DATABASE. `storeName` is the URL with its password hidden,
 * for the output to say which store it read.
 */
export async function openCliStore(
  opts: StoreTargetOptions,
  mode: { readOnly?: boolean; bulk?: boolean } = {},
): Promise<{ store: Store; config: StranglerConfig | null; storeName: string }> {
  const config = opts.config === undefined ? null : loadConfig({ file: opts.config, env: process.env, requireLegacy: false });
  const url = resolveStoreUrl({ db: opts.db, env: process.env, configUrl: config?.store.url });
  const storeName = withoutPassword(url);
  const file = sqliteFileOf(url);
  if (mode.readOnly === true && file !== null && file !== ':memory:' && file !== '' && !existsSync(file)) {
    throw new STORE_ERR_NO_DATABASE(storeName, storeName, storeName);
  }
  // A bulk load writes SQLite on this thread: no per-batch hand-off to the writer thread (events import).
  return { store: await openStore(url, mode.bulk === true ? { writerThread: false } : {}), config, storeName };
}

/** The audit actor for commands run by hand: `cli:USER`. */
export function cliActor(): string {
  let name = process.env.USER ?? process.env.LOGNAME;
  if (name === undefined) {
    try { name = userInfo().username; } catch { name = 'unknown'; }
  }
  return `cli:${name}`;
}

/** Print a coded error the way every store command does and set exit code 2. */
export function reportCliError(err: unknown): void {
  const e = err as { code?: string; message?: string };
  process.stderr.write(`error${e.code ? ` ${e.code}` : ''}: ${e.message ?? String(err)}\n`);
  process.exitCode = 2;
}
