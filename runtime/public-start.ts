import type { Logger } from 'pino';
import type { Adapter } from '../legacy-adapters/define-adapter.js';
import type { StranglerConfigInput } from '../config/strangler-config-input.js';

/** What `startStrangler` from the package returns: the bound ports and a graceful stop. */
export interface Strangler {
  /** Bound public port (useful with `server.port: 0`). */
  readonly port: number;
  /** Bound admin port, or null without an admin server. */
  readonly adminPort: number | null;
  /** Re-read the flags from the store now (every instance does it every `flags.pollIntervalMs` anyway). */
  reloadFlags(): Promise<void>;
  /** Stop accepting, finish in-flight requests and shadow work, flush buffered events, close the store. */
  close(): Promise<void>;
}

/** Options of the package's `startStrangler`. */
export interface StartOptions {
  /** A pino logger (default: JSON lines on stdout). */
  logger?: Logger;
  /** Adapters defined in code, besides those of the config's `adapters` folder. */
  adapters?: readonly Adapter[];
  /** Environment read for STRANGLER_DB, STRANGLER_ADMIN_TOKEN(_FILE) and STRANGLER_REDACT_KEY (default: none). */
  env?: Record<string, string | undefined>;
}

/**
 * Start one strangler in this process from a config object (see `defineConfig`): validate it as the
 * YAML file would be (throws CFG_ERR_INVALID listing every problem), then start the proxy, the admin
 * port, shadowing and the store, as `strangler serve` does with one process.
 */
export async function startStrangler(config: StranglerConfigInput, options: StartOptions = {}): Promise<Strangler> {
  // Loaded when called, so that importing the package for defineAdapter loads no server, driver or store.
  const [{ loadConfig }, runtime, { pino }] = await Promise.all([
    import('../config/load-config.js'),
    import('./start-strangler.js'),
    import('pino'),
  ]);
  const valid = loadConfig({ overrides: config as Record<string, unknown>, env: options.env ?? {} });
  const running = await runtime.startStrangler(valid, {
    logger: options.logger ?? pino({ base: null }),
    builtInAdapters: options.adapters ?? [],
  });
  return Object.freeze({
    port: running.proxy.port,
    adminPort: running.proxy.adminPort,
    reloadFlags: () => running.reloadFlags(),
    close: () => running.close(),
  });
}
