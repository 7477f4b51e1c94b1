import cluster, { type Worker } from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { AggregatorRegistry, Registry } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { StranglerConfig } from '../config/strangler-config.js';
import type { ProxyMetrics } from './metrics.js';
import { createAdminServer, type AdminPlugin } from '../admin/admin-server.js';
import { legacyReachable } from './passthrough.js';

/** A cluster primary: forks workers (which run the data plane) and serves the admin port. */
export interface RunningCluster {
  readonly port: number;
  readonly adminPort: number | null;
  readonly workers: number;
  /** Send SIGTERM to every worker, wait for them to drain and exit, then close the admin server. */
  close(): Promise<void>;
}

/**
 * Start `config.server.workers` workers with node:cluster. Each worker re-runs the same command and
 * calls startProxy with `admin: false`; the primary serves /healthz, /readyz, and /metrics summed over
 * the workers (prom-client's AggregatorRegistry), plus the admin plugins.
 */
export async function startClusterPrimary(
  config: StranglerConfig,
  options: { logger: Logger; adminPlugins?: readonly AdminPlugin[] },
): Promise<RunningCluster> {
  const { logger } = options;
  let closing = false;
  let port = 0;
  const listening = new Promise<void>((resolve) => {
    let ready = 0;
    cluster.on('listening', (_worker: Worker, address: { port: number }) => {
      port = address.port;
      if (++ready === config.server.workers) resolve();
    });
  });
  cluster.on('exit', (worker: Worker, code: number | null, signal: string | null) => {
    if (closing) return;
    // A crashed worker is replaced so that capacity comes back by itself.
    logger.error({ pid: worker.process.pid, code, signal }, 'worker exited; starting a new one');
    setTimeout(() => cluster.fork(), 500).unref();
  });
  for (let i = 0; i < config.server.workers; i++) cluster.fork();

  let admin: FastifyInstance | null = null;
  if (config.admin.port !== null) {
    const aggregator = new AggregatorRegistry<typeof Registry.PROMETHEUS_CONTENT_TYPE>();
    admin = await createAdminServer({
      config,
      routeTable: null,
      registry: aggregator,
      metricsText: () => aggregator.clusterMetrics(),
      reachable: () => legacyReachable(config),
      draining: () => closing,
      logger,
      plugins: options.adminPlugins ?? [],
    });
    await admin.listen({ port: config.admin.port, host: config.admin.host });
    logger.info({ plane: 'admin', instance: config.instance, host: config.admin.host, port: (admin.server.address() as AddressInfo).port }, 'admin plane listening');
  }
  await listening;
  return {
    port,
    adminPort: admin === null ? null : (admin.server.address() as AddressInfo).port,
    workers: config.server.workers,
    async close() {
      closing = true;
      const exits = Object.values(cluster.workers ?? {}).map(
        (w) => new Promise<void>((resolve) => {
          if (w === undefined || w.isDead()) return resolve();
          w.once('exit', () => resolve());
          w.process.kill('SIGTERM');
        }),
      );
      await Promise.all(exits);
      if (admin !== null) {
        await admin.close();
        logger.info({ plane: 'admin', instance: config.instance }, 'admin plane stopped');
      }
    },
  };
}

/** In a worker: let the primary's AggregatorRegistry read this worker's metrics. */
export function shareWorkerMetrics(metrics: ProxyMetrics): void {
  // prom-client installs the worker's reply listener only when an AggregatorRegistry is constructed.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([metrics.registry]);
}
