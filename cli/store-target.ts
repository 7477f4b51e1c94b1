import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { loadConfig } from '../config/index.js';
import type { StranglerConfig } from '../config/index.js';
import { openStore, resolveStoreUrl, sqliteFileOf, withoutPassword, STORE_ERR_NO_DATABASE } from '../store/index.js';
import type { Store } from '../store/index.js';
import { FLAG_ERR_CLI_TOKEN } from '../flags/index.js';
import { matchAdminToken } from '../admin/index.js';

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

/** The option a flag-changing command takes to name its actor with an admin token. */
export function withTokenOption(cmd: Command): Command {
  return cmd.option('--token-file <file>', 'file holding an admin token (else STRANGLER_CLI_TOKEN): the audit trail names the token instead of an unauthenticated user');
}

/**
 * The audit actor of a change made from the CLI: `token:NAME` when an admin token of the config is
 * presented, else `cli:USER (unauthenticated)`, since anyone can set USER. A token that matches none
 * of the config's tokens is refused rather than recorded.
 */
export function cliActor(opts: { tokenFile?: string }, config: StranglerConfig | null): string {
  const presented = opts.tokenFile !== undefined ? readFileSync(opts.tokenFile, 'utf8').trim() : process.env.STRANGLER_CLI_TOKEN?.trim();
  if (presented !== undefined && presented !== '') {
    if (config === null) throw new FLAG_ERR_CLI_TOKEN('cannot be checked without --config (the admin tokens are in the config)');
    const name = matchAdminToken(config.admin.tokens, presented);
    if (name === null) throw new FLAG_ERR_CLI_TOKEN("matches none of the config's admin tokens");
    return `token:${name}`;
  }
  let user = process.env.USER ?? process.env.LOGNAME;
  if (user === undefined) {
    try { user = userInfo().username; } catch { user = 'unknown'; }
  }
  return `cli:${user} (unauthenticated)`;
}

/** Print a coded error the way every store command does and set exit code 2. */
export function reportCliError(err: unknown): void {
  const e = err as { code?: string; message?: string };
  process.stderr.write(`error${e.code ? ` ${e.code}` : ''}: ${e.message ?? String(err)}\n`);
  process.exitCode = 2;
}
