import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import type { StranglerConfig } from '../config/strangler-config.js';
import type { Flag, RouteMode } from '../model/flag.js';
import { RouteTable, type ApplyFlagsResult } from './route-table.js';
import { createProxyMetrics, type ProxyMetrics } from './metrics.js';
import { nullEventSink, type EventSink } from './event-sink.js';
import { resolveHandlers, type ModeHandlers } from './mode-handlers.js';
import { createOperatorIdentity, type OperatorIdentity } from './operator-identity.js';
import { createSessionBindings, type SessionBindingStore } from './session-bindings.js';
import { createSessionLogin, type SessionLogin } from './session-login.js';
import { compileCaseMatcher } from './case-matcher.js';
import { createPassthrough } from './passthrough.js';
import { createDataPlane } from './data-plane.js';
import { createEventRedaction } from './event-redaction.js';
import { createAdminServer, type AdminPlugin } from '../admin/admin-server.js';
import type { ReadinessCheck } from '../admin/readiness.js';
import { PRX_ERR_LISTEN, PRX_ERR_MODE_UNAVAILABLE } from './errors.js';

/** The extension points of the proxy; everything is optional. */
export interface ProxyDeps {
  /** Receives one RequestEvent per request (store/'s batching writer); never awaited. */
  eventSink?: EventSink;
  /** Handlers for shadow, canary and new; `legacy` is built in. */
  handlers?: ModeHandlers;
  /** Fastify plugins mounted on the admin server. */
  adminPlugins?: readonly AdminPlugin[];
  /** Replaces the operator-id reader built from config.operator (e.g. a JWT verifier). */
  operatorIdentity?: OperatorIdentity;
  /** `operator.from: session`: where session bindings are shared between instances (the store); default this process only. */
  sessionStore?: SessionBindingStore | null;
  logger?: Logger;
  metrics?: ProxyMetrics;
  /** HMAC key for e-mails and phone numbers in event paths (default shadow.redact.secret, else random per process). */
  redactSecret?: string;
  /** Start the admin server (default true; false in cluster workers, where the primary serves it). */
  admin?: boolean;
  /** /readyz checks beyond the proxy's own (the runtime adds flags freshness and the store buffer). */
  readinessChecks?: readonly ReadinessCheck[];
}

/** A started proxy. */
export interface RunningProxy {
  readonly config: StranglerConfig;
  /** Bound public port (useful with port 0). */
  readonly port: number;
  /** Bound admin port, or null without an admin server. */
  readonly adminPort: number | null;
  readonly routeTable: RouteTable;
  readonly metrics: ProxyMetrics;
  readonly logger: Logger;
  readonly server: Server;
  readonly admin: FastifyInstance | null;
  /** Swap live flags; flags in a mode with no handler are refused and keep the old flag. */
  applyFlags(flags: readonly Flag[]): ApplyFlagsResult;
  /**
   * First step of a shutdown: /readyz answers 503 and answers end their connections, while requests
   * are still served, so a load balancer moves traffic away before the port closes.
   */
  beginDrain(): void;
  /** Graceful stop (begins the drain if not yet): stop accepting, let in-flight requests finish (up to legacy.timeoutMs), then close. */
  close(): Promise<void>;
}

/**
 * Start the data plane (node:http + http-proxy) and the admin server (fastify). Throws
 * PRX_ERR_MODE_UNAVAILABLE when a route starts in a mode no handler serves.
 */
export async function startProxy(config: StranglerConfig, deps: ProxyDeps = {}): Promise<RunningProxy> {
  const logger = deps.logger ?? pino();
  const metrics = deps.metrics ?? createProxyMetrics();
  const handlers = resolveHandlers(deps.handlers);
  for (const route of config.routes) {
    if (!handlers.has(route.mode)) throw new PRX_ERR_MODE_UNAVAILABLE(route.id, route.mode);
  }
  const routeTable = RouteTable.compile(config.routes);
  let draining = false;
  const passthrough = createPassthrough(config, metrics, logger, () => draining);
  const redactSecret = deps.redactSecret || config.shadow.redact.secret || randomBytes(32).toString('base64url');
  let operatorIdentity = deps.operatorIdentity;
  let sessionLogin: SessionLogin | null = null;
  if (config.operator.from === 'session') {
    const bindings = createSessionBindings(config.operator, { store: deps.sessionStore ?? null, secret: redactSecret, legacyUrl: config.legacy.url, logger });
    sessionLogin = createSessionLogin(config.operator, bindings);
    operatorIdentity ??= bindings.identify;
  } else {
    operatorIdentity ??= createOperatorIdentity(config.operator);
  }
  const server = createDataPlane({
    config,
    table: routeTable,
    handlers,
    passthrough,
    eventSink: deps.eventSink ?? nullEventSink,
    metrics,
    logger,
    operatorIdentity,
    sessionLogin,
    caseMatcher: compileCaseMatcher(config.aht.cases),
    redaction: createEventRedaction(config.shadow.redact, redactSecret, config.routes),
    draining: () => draining,
  });

  let admin: FastifyInstance | null = null;
  if (deps.admin !== false && config.admin.port !== null) {
    admin = await createAdminServer({
      config,
      routeTable,
      registry: metrics.registry,
      metricsText: () => metrics.registry.metrics(),
      reachable: () => passthrough.reachable(),
      draining: () => draining,
      readinessChecks: deps.readinessChecks,
      logger,
      plugins: deps.adminPlugins ?? [],
    });
  }

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => reject(new PRX_ERR_LISTEN(config.server.host, config.server.port, err.code ?? err.message, err));
    server.once('error', onError);
    server.listen(config.server.port, config.server.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  let adminPort: number | null = null;
  if (admin !== null) {
    try {
      await admin.listen({ port: config.admin.port ?? 0, host: config.admin.host });
    } catch (err) {
      server.close();
      passthrough.close();
      const e = err as NodeJS.ErrnoException;
      throw new PRX_ERR_LISTEN(config.admin.host, config.admin.port, e.code ?? e.message, e);
    }
    adminPort = (admin.server.address() as AddressInfo).port;
  }
  const port = (server.address() as AddressInfo).port;
  logger.info({ plane: 'data', instance: config.instance, host: config.server.host, port, legacy: config.legacy.url }, 'data plane listening');
  if (adminPort !== null) logger.info({ plane: 'admin', instance: config.instance, host: config.admin.host, port: adminPort }, 'admin plane listening');
  const available = (mode: RouteMode) => handlers.has(mode);

  function beginDrain(): void {
    if (draining) return;
    draining = true;
    logger.info({ plane: 'data', instance: config.instance }, 'draining: /readyz answers 503, requests are still served');
  }

  let closing: Promise<void> | null = null;
  return {
    config,
    port,
    adminPort,
    routeTable,
    metrics,
    logger,
    server,
    admin,
    applyFlags(flags) {
      const result = routeTable.applyFlags(flags, available);
      metrics.flagsVersion.set({ instance: config.instance }, flags.reduce((latest, f) => Math.max(latest, f.updatedAt), 0) / 1000);
      if (result.unavailable.length > 0) logger.warn({ routes: result.unavailable }, 'flags refused: mode not available');
      return result;
    },
    beginDrain,
    close() {
      closing ??= (async () => {
        beginDrain();
        passthrough.endUpgrades();
        const stoppedAt = performance.now();
        await drain(server, config.legacy.timeoutMs || 120_000);
        logger.info({ plane: 'data', instance: config.instance, drainMs: Math.round(performance.now() - stoppedAt) }, 'data plane stopped');
        if (admin !== null) {
          await admin.close();
          logger.info({ plane: 'admin', instance: config.instance }, 'admin plane stopped');
        }
        passthrough.close();
      })();
      return closing;
    },
  };
}

/** Stop accepting, close idle keep-alive connections as they become idle, force-close after `graceMs`. */
async function drain(server: Server, graceMs: number): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  const force = setTimeout(() => server.closeAllConnections(), graceMs);
  server.closeIdleConnections();
  try {
    await closed;
  } finally {
    clearInterval(sweep);
    clearTimeout(force);
  }
}
