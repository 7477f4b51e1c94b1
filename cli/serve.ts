import cluster from 'node:cluster';
import { InvalidArgumentError, type Command } from 'commander';
import { pino } from 'pino';
import { loadConfig, formatIssues, type ConfigIssue, type StranglerConfig } from '../config/index.js';
import { startClusterPrimary, shareWorkerMetrics } from '../proxy/index.js';
import { startStrangler, startControlPlane, createLogDestination, tuneV8ForProxy } from '../runtime/index.js';
import { CodedError } from '../errors/index.js';

/** Options of `strangler serve` as commander parses them. */
interface ServeOptions {
  config?: string;
  legacy?: string;
  port?: number;
  host?: string;
  adminPort?: number;
  workers?: number;
  logLevel?: string;
}

/** Register `strangler serve`. */
export function register(program: Command): void {
  program
    .command('serve')
    .description('Start the proxy in front of the legacy tool (with only --legacy and --port it proxies everything).')
    .option('--config <file>', 'YAML config file (see config/strangler.schema.json)')
    .option('--legacy <url>', 'base URL of the legacy tool (overrides legacy.url)')
    .option('--port <n>', 'public port (overrides server.port)', toInt)
    .option('--host <addr>', 'public address (overrides server.host)')
    .option('--admin-port <n>', 'admin port (overrides admin.port)', toInt)
    .option('--workers <n>', 'node:cluster worker processes (overrides server.workers)', toInt)
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (overrides log.level)')
    .action(async (opts: ServeOptions) => {
      await serve(opts);
    });
}

function toInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number');
  return n;
}

async function serve(opts: ServeOptions): Promise<void> {
  // This process is the proxy (or its cluster primary, whose workers re-run this command).
  tuneV8ForProxy();
  let config: StranglerConfig;
  try {
    config = loadConfig({
      file: opts.config,
      overrides: {
        legacy: opts.legacy === undefined ? undefined : { url: opts.legacy },
        server: { port: opts.port, host: opts.host, workers: opts.workers },
        admin: { port: opts.adminPort },
        log: { level: opts.logLevel },
      },
      env: process.env,
    });
  } catch (err) {
    return fail(err);
  }
  const destination = createLogDestination();
  // No base fields: every request line carries the event's own `instance`.
  const logger = pino({ base: null, level: config.log.level }, destination.stream);

  if (config.server.workers > 1 && cluster.isPrimary) {
    // The primary serves no traffic: it holds the admin port (flags API, dashboard, summed metrics).
    const control = await startControlPlane(config, logger).catch(fail);
    const primary = await startClusterPrimary(config, { logger, adminPlugins: control.adminPlugins }).catch(fail);
    process.stderr.write(
      `strangler: ${primary.workers} workers proxying http://${config.server.host}:${primary.port} -> ${config.legacy.url}` +
        (primary.adminPort === null ? '\n' : `; admin on http://${config.admin.host}:${primary.adminPort}\n`),
    );
    onSignals(async () => {
      // Each worker waits shutdown.drainDelayMs on its own SIGTERM; the primary's /readyz is 503 meanwhile.
      await primary.close();
      await control.close();
      await destination.close();
    });
    return;
  }

  const running = await startStrangler(config, { logger, admin: !cluster.isWorker }).catch(fail);
  const { proxy } = running;
  if (cluster.isWorker) shareWorkerMetrics(proxy.metrics);
  if (!cluster.isWorker) {
    process.stderr.write(
      `strangler: proxying http://${config.server.host}:${proxy.port} -> ${config.legacy.url}` +
        (proxy.adminPort === null ? '\n' : `; admin on http://${config.admin.host}:${proxy.adminPort}\n`),
    );
  }
  onSignals(async (signal) => {
    // Readiness goes false first; after the drain delay (SIGTERM only: Ctrl-C stops at once) traffic
    // stops, in-flight requests and shadow work finish, buffered events are flushed.
    await running.shutdown({ drainDelayMs: signal === 'SIGTERM' ? config.shutdown.drainDelayMs : 0 });
    logger.info({ instance: config.instance, signal }, 'strangler stopped');
    await destination.close();
  });
}

/** SIGTERM/SIGINT: stop accepting, finish in-flight requests, then exit. */
function onSignals(shutdown: (signal: NodeJS.Signals) => Promise<void>): void {
  let started = false;
  const handler = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    shutdown(signal).then(
      () => process.exit(0),
      (err) => {
        process.stderr.write(`strangler: shutdown failed: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}

/** Coded errors become a clear message and exit code 2; anything else is a bug and is rethrown. */
function fail(err: unknown): never {
  if (err instanceof CodedError) {
    const issues = (err as CodedError & { issues?: ConfigIssue[] }).issues;
    const detail = issues ? `${err.code}: invalid configuration\n${formatIssues(issues)}` : `${err.code}: ${err.message}`;
    process.stderr.write(`strangler serve: ${detail}\n`);
    process.exit(2);
  }
  throw err;
}
