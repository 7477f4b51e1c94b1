import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { loadConfig } from '../config/index.js';
import type { StranglerConfig } from '../config/index.js';
import { openStore, resolveStoreUrl } from '../store/index.js';
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

/** Open the store the options name (the environment is read here, at the CLI boundary) and migrate it. */
export async function openCliStore(opts: StoreTargetOptions): Promise<{ store: Store; config: StranglerConfig | null }> {
  const config = opts.config === undefined ? null : loadConfig({ file: opts.config, env: process.env });
  const url = resolveStoreUrl({ db: opts.db, env: process.env, configUrl: config?.store.url });
  return { store: await openStore(url), config };
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
