import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { StranglerConfig } from '../config/strangler-config.js';
import type { LiveRoutes } from './live-routes.js';
import type { RequireAdmin } from './admin-auth.js';
import { createRequireAdmin } from './admin-auth.js';
import { assessReadiness, type ReadinessCheck } from './readiness.js';
import { REQUEST_ID_FIELD, keptRequestId, newRequestId } from '../model/request-id.js';

/** Probes are polled every few seconds by every load balancer and scraper: their lines go at debug. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

/** What admin plugins receive as options. */
export interface AdminPluginOptions {
  config: StranglerConfig;
  /** The live route table (null in a cluster primary, which serves no traffic). */
  routeTable: LiveRoutes | null;
  /** The registry /metrics serves; add your own metrics to it. */
  registry: Registry;
  /** preHandler for every endpoint beyond healthz/readyz/metrics. */
  requireAdmin: RequireAdmin;
  logger: Logger;
}

/** A fastify plugin mounted on the admin server (flags API, dashboard …). */
export type AdminPlugin = FastifyPluginAsync<AdminPluginOptions>;

/** Inputs of the admin server. */
export interface AdminServerParts {
  config: StranglerConfig;
  routeTable: LiveRoutes | null;
  registry: Registry;
  /** Prometheus text for /metrics (a cluster primary aggregates its workers here). */
  metricsText: () => Promise<string>;
  reachable: () => Promise<boolean>;
  /** True once shutdown began: /readyz answers 503 while requests are still served. */
  draining?: () => boolean;
  /** Readiness checks beyond draining (flags fresh, store buffering); legacy is only reported. */
  readinessChecks?: readonly ReadinessCheck[];
  logger: Logger;
  plugins: readonly AdminPlugin[];
}

/** Build the admin server: /healthz, /readyz, /metrics, then the plugins. Not listening yet. */
export async function createAdminServer(parts: AdminServerParts): Promise<FastifyInstance> {
  const logger = parts.logger.child({ server: 'admin', instance: parts.config.instance });
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    // The same id and field as the data plane: the client's X-Request-Id when usable, else a UUIDv7.
    genReqId: (req) => keptRequestId(req.headers['x-request-id']) ?? newRequestId(),
    requestIdLogLabel: REQUEST_ID_FIELD,
  });
  app.decorateRequest('adminActor', null);
  // One line per request; fastify's serializers never log headers, so no Cookie or Authorization value,
  // and the query string (a dashboard filter may hold what someone typed) is left out like on the public port.
  app.addHook('onResponse', async (request, reply) => {
    const url = request.url.split('?')[0];
    const line = { method: request.method, url, status: reply.statusCode, ms: Math.round(reply.elapsedTime), actor: request.adminActor };
    if (PROBES.has(url)) request.log.debug(line, 'admin request');
    else request.log.info(line, 'admin request');
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const report = await assessReadiness({
      draining: parts.draining ?? (() => false),
      checks: parts.readinessChecks ?? [],
      legacyReachable: parts.reachable,
    });
    const body = {
      status: report.ready ? 'ready' : 'unready',
      reasons: report.reasons,
      checks: report.checks,
      // Reported only: see assessReadiness for why legacy never fails readiness.
      legacy: report.legacy.reachable ? 'reachable' : 'unreachable',
    };
    return reply.code(report.ready ? 200 : 503).send(body);
  });
  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', parts.registry.contentType);
    return parts.metricsText();
  });
  const requireAdmin = createRequireAdmin(parts.config.admin.tokens, { host: parts.config.admin.host });
  for (const plugin of parts.plugins) {
    await app.register(plugin, { config: parts.config, routeTable: parts.routeTable, registry: parts.registry, requireAdmin, logger });
  }
  return app;
}
