import { randomBytes, timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { AhtReport } from '../../aht/aht-report.js';
import { buildAhtReport } from '../../aht/index.js';
import type { StranglerConfig } from '../../config/strangler-config.js';
import { setRouteFlag } from '../../flags/index.js';
import type { RequireAdmin } from '../admin-auth.js';
import type { LiveRoutes } from '../live-routes.js';
import type { Store } from '../../store/store.js';
import { parseDuration } from '../../store/index.js';
import { buildDiffReport } from '../../reports/diff-report.js';
import { escapeHtml as h } from '../../reports/escape-html.js';
import { RPT_ERR_CROSS_SITE, RPT_ERR_CSRF, RPT_ERR_LOGIN, RPT_ERR_NO_SESSION, RPT_ERR_NOT_FOUND } from '../../reports/errors.js';
import { ahtPage } from './aht-page.js';
import { auditPage } from './audit-page.js';
import { changeFormPage, confirmPage } from './change-pages.js';
import { diffExamplePage, differingResults, diffsPage } from './diffs-pages.js';
import { parseFlagChangeForm } from './flag-change-form.js';
import { BASE, dashboardPage } from './layout.js';
import { loginPage } from './login-page.js';
import { matchAdminToken } from './match-token.js';
import type { DashboardRoute, RouteRow } from './route-rows.js';
import { loadRouteRows, routeGate } from './route-rows.js';
import { routesPage } from './routes-page.js';
import { loadRouteSeries } from './route-series.js';
import { seriesPage } from './series-page.js';
import { isSameOrigin } from './same-origin.js';
import type { DashboardSession } from './sessions.js';
import { SessionStore } from './sessions.js';

/** Name of the session cookie (its value is a random session id, never the admin token). */
export const SESSION_COOKIE = 'strangler_session';
/** Results the diff browser reads at most. */
const BROWSER_LIMIT = 500;
/** Results searched for one example. */
const EXAMPLE_SEARCH_LIMIT = 20_000;

/** What the dashboard needs. `config`, `routeTable` and `requireAdmin` default to the admin server's plugin options. */
export interface DashboardDeps {
  store: Store;
  config?: StranglerConfig;
  /** The proxy's live route table, for the routes to list (default: the config's routes). */
  routeTable?: LiveRoutes | null;
  /** The admin server's token check (sets `request.adminActor`): lets scripts read the JSON endpoint with a bearer token. */
  requireAdmin?: preHandlerHookHandler | RequireAdmin;
  /** Called after every flag change (e.g. to reload this instance's flags at once). */
  onFlagChanged?(): void;
  /** Builds the AHT view's report (default: aht's buildAhtReport on the store). */
  ahtReport?(sinceMs: number): Promise<AhtReport>;
  /** Idle time before a session ends (default 8 h). */
  sessionTtlMs?: number;
  /** Clock (tests). */
  now?(): number;
}

/** The admin server's plugin options the dashboard reads (proxy/admin-server.ts `AdminPluginOptions`). */
export interface DashboardPluginOptions {
  config?: StranglerConfig;
  routeTable?: LiveRoutes | null;
  requireAdmin?: RequireAdmin;
}

type Body = Record<string, unknown>;

/**
 * The dashboard as a fastify plugin for the admin server: server-rendered pages under /dashboard behind a
 * session opened with an admin token. Register it without a prefix and without fastify-plugin, so the form
 * parser and cookie handling stay inside its own scope.
 */
export function dashboardRoutes(deps: DashboardDeps): FastifyPluginAsync<DashboardPluginOptions> {
  const now = deps.now ?? Date.now;
  const sessions = new SessionStore(deps.sessionTtlMs ?? 8 * 3_600_000, now);
  const sessionOf = new WeakMap<FastifyRequest, DashboardSession>();

  const session = (request: FastifyRequest): DashboardSession => {
    const s = sessionOf.get(request);
    if (!s) throw new RPT_ERR_NO_SESSION();
    return s;
  };

  const html = (reply: FastifyReply, body: string, status = 200, nonce?: string): FastifyReply => {
    const script = nonce ? ` 'nonce-${nonce}'` : '';
    return reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header(
        'content-security-policy',
        `default-src 'none'; style-src 'unsafe-inline'; script-src${script || " 'none'"}; connect-src 'self'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
      )
      .send(body);
  };

  // Filled in when the plugin is registered (from deps, else from the admin server's options).
  let config: StranglerConfig;
  let routes: () => readonly DashboardRoute[];
  let requireAdmin: preHandlerHookHandler | RequireAdmin;

  const rowOf = async (routeId: string): Promise<RouteRow> => {
    const row = (await loadRouteRows(deps.store, config, routes(), now())).find((r) => r.routeId === routeId);
    if (!row) throw new RPT_ERR_NOT_FOUND(`route ${routeId}`);
    return row;
  };

  return async (app, opts) => {
    const cfg = deps.config ?? opts.config;
    const check = deps.requireAdmin ?? opts.requireAdmin;
    if (cfg === undefined || check === undefined) throw new TypeError('dashboardRoutes needs config and requireAdmin (from deps or the admin plugin options)');
    config = cfg;
    requireAdmin = check;
    const table = deps.routeTable ?? opts.routeTable ?? null;
    routes = () => (table === null ? cfg.routes : table.routes.map(fromCompiled));
    const ahtReport = deps.ahtReport ?? ((sinceMs: number) => buildAhtReport(deps.store, cfg, { sinceMs }));

    await app.register(cookie);
    await app.register(formbody);

    app.addHook('onSend', async (_request, reply, payload) => {
      // `same-origin`, not `no-referrer`: under no-referrer Chromium posts forms with `Origin: null`, which the origin check refuses.
      reply.header('cache-control', 'no-store').header('x-frame-options', 'DENY').header('referrer-policy', 'same-origin');
      return payload;
    });

    // Every page but the login needs a session; a mutation also needs this site's origin and the session's CSRF token.
    app.addHook('preHandler', async (request, reply) => {
      const url = request.url.split('?')[0];
      if (!url.startsWith(BASE)) return;
      if (request.method !== 'GET' && request.method !== 'HEAD' && !isSameOrigin(request)) {
        throw new RPT_ERR_CROSS_SITE(request.headers.origin ?? request.headers['sec-fetch-site'] ?? 'unknown');
      }
      if (url === `${BASE}/login`) return;
      const s = sessions.get(request.cookies[SESSION_COOKIE]);
      if (s === null) {
        if (url.startsWith(`${BASE}/api/`) && request.headers.authorization !== undefined) {
          // Scripts may read the JSON with the admin bearer token instead of a session.
          await new Promise<void>((resolve, reject) => {
            const done = (err?: Error): void => (err ? reject(err) : resolve());
            const out = (requireAdmin as unknown as (this: unknown, req: FastifyRequest, rep: FastifyReply, d: typeof done) => unknown).call(app, request, reply, done);
            if (out instanceof Promise) out.then(() => resolve(), reject);
          });
          if (reply.sent) return reply;
          if (typeof (request as FastifyRequest & { adminActor?: unknown }).adminActor !== 'string') throw new RPT_ERR_NO_SESSION();
          return;
        }
        if (request.method === 'GET' && !url.startsWith(`${BASE}/api/`)) return reply.redirect(`${BASE}/login`, 303);
        throw new RPT_ERR_NO_SESSION();
      }
      sessionOf.set(request, s);
      if (request.method === 'POST') {
        const given = (request.body as Body | undefined)?.csrf;
        if (typeof given !== 'string' || !sameSecret(given, s.csrf)) throw new RPT_ERR_CSRF();
      }
    });

    app.setErrorHandler((err, request, reply) => {
      const e = err as { code?: string; statusCode?: number; message: string };
      const status = typeof e.statusCode === 'number' && e.statusCode >= 400 ? e.statusCode : 500;
      if (status >= 500) request.log.error({ err }, 'dashboard error');
      const code = e.code ?? 'RPT_ERR_INTERNAL';
      const message = status >= 500 ? 'internal error' : e.message;
      if (request.url.startsWith(`${BASE}/api/`)) return reply.status(status).send({ code, message });
      const s = sessionOf.get(request) ?? null;
      return html(reply, dashboardPage('Error', `<h1>Error</h1><p class="error" role="alert">${h(message)} <code>${h(code)}</code></p><p><a href="${BASE}">Back to the routes</a></p>`, s), status);
    });

    app.get(`${BASE}/login`, async (_request, reply) => html(reply, loginPage(null)));

    app.post<{ Body: Body }>(`${BASE}/login`, async (request, reply) => {
      const token = typeof request.body?.token === 'string' ? request.body.token : '';
      const actor = matchAdminToken(config.admin.tokens, token);
      if (actor === null) {
        request.log.warn({ code: RPT_ERR_LOGIN.code }, 'dashboard login refused');
        return html(reply, loginPage('That token was not accepted.'), RPT_ERR_LOGIN.statusCode);
      }
      const s = sessions.create(actor);
      void reply.setCookie(SESSION_COOKIE, s.id, { path: BASE, httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' });
      return reply.redirect(BASE, 303);
    });

    app.post(`${BASE}/logout`, async (request, reply) => {
      sessions.delete(session(request).id);
      void reply.clearCookie(SESSION_COOKIE, { path: BASE });
      return reply.redirect(`${BASE}/login`, 303);
    });

    // `/dashboard` and `/dashboard/` (**contract**): the URL printed by the demo ends in a slash, a typed one often does not.
    for (const url of [BASE, `${BASE}/`]) {
      app.get<{ Querystring: { changed?: string } }>(url, async (request, reply) => {
        const rows = await loadRouteRows(deps.store, config, routes(), now());
        const nonce = randomBytes(16).toString('base64');
        const changed = request.query.changed;
        const flash = changed && rows.some((r) => r.routeId === changed) ? `Route ${changed} changed.` : null;
        return html(reply, routesPage(rows, session(request), nonce, flash), 200, nonce);
      });
    }

    app.get(`${BASE}/api/routes`, async () => ({
      generatedAt: new Date(now()).toISOString(),
      routes: await loadRouteRows(deps.store, config, routes(), now()),
    }));

    app.get<{ Params: { id: string } }>(`${BASE}/routes/:id/change`, async (request, reply) =>
      html(reply, changeFormPage(await rowOf(request.params.id), session(request), null)),
    );

    app.post<{ Params: { id: string }; Body: Body }>(`${BASE}/routes/:id/confirm`, async (request, reply) => {
      const row = await rowOf(request.params.id);
      let change;
      try {
        change = parseFlagChangeForm(request.body);
      } catch (err) {
        const e = err as { code: string; message: string; statusCode: number };
        if (typeof e.code !== 'string' || !e.code.startsWith('RPT_ERR_')) throw err;
        return html(reply, changeFormPage(row, session(request), e, formValues(request.body)), e.statusCode);
      }
      const gate = await routeGate(deps.store, config, row.routeId, now());
      return html(reply, confirmPage(row, change, gate, session(request)));
    });

    app.post<{ Params: { id: string }; Body: Body }>(`${BASE}/routes/:id/apply`, async (request, reply) => {
      const row = await rowOf(request.params.id);
      const change = parseFlagChangeForm(request.body);
      // The flags service runs the gate again and refuses a promotion that fails it unless forced.
      await setRouteFlag(
        deps.store,
        { routeId: row.routeId, mode: change.mode, percent: change.percent, sample: change.sample, reason: change.reason, force: change.force, actor: session(request).actor },
        config.gate,
        now(),
      );
      deps.onFlagChanged?.();
      return reply.redirect(`${BASE}?changed=${encodeURIComponent(row.routeId)}`, 303);
    });

    app.get<{ Querystring: { route?: string; path?: string; request?: string; page?: string } }>(`${BASE}/diffs`, async (request, reply) => {
      const filter = { route: request.query.route || null, path: request.query.path || null, request: request.query.request || null };
      const page = Number(request.query.page ?? '1') || 1;
      const sinceMs = now() - config.gate.windowMs;
      const results = await deps.store.shadowResults({ sinceMs, routeId: filter.route ?? undefined, limit: BROWSER_LIMIT });
      const flags = await deps.store.listFlags();
      const summary = filter.route
        ? (buildDiffReport(results, { flags: flags.filter((f) => f.routeId === filter.route), gateThresholds: config.gate, generatedAt: new Date(now()).toISOString() }).routes.find((r) => r.routeId === filter.route) ?? null)
        : null;
      const routeIds = [...new Set([...routes().map((r) => r.id), ...flags.map((f) => f.routeId)])].sort();
      return html(reply, diffsPage({ routes: routeIds, filter, results: differingResults(results, filter), summary, session: session(request), page }));
    });

    app.get<{ Params: { id: string }; Querystring: { route?: string } }>(`${BASE}/diffs/:id`, async (request, reply) => {
      const results = await deps.store.shadowResults({ routeId: request.query.route || undefined, limit: EXAMPLE_SEARCH_LIMIT });
      const result = results.find((r) => r.id === request.params.id);
      if (!result) throw new RPT_ERR_NOT_FOUND(`shadow result ${request.params.id}`);
      return html(reply, diffExamplePage(result, session(request)));
    });

    // Traffic and match rate of one route over time (default: the last 24 h per hour; at most 500 buckets).
    const seriesOf = async (routeId: string, q: { since?: string; bucket?: string }) => {
      const row = await rowOf(routeId);
      const since = q.since || '24h';
      const bucket = q.bucket || '1h';
      const untilMs = now();
      const bucketMs = Math.max(parseDuration(bucket), Math.ceil(parseDuration(since) / 500));
      const buckets = await loadRouteSeries(deps.store, row.routeId, config.gate, { sinceMs: untilMs - parseDuration(since), untilMs, bucketMs });
      return { routeId: row.routeId, since, bucket, bucketMs, buckets };
    };

    app.get<{ Params: { id: string }; Querystring: { since?: string; bucket?: string } }>(`${BASE}/api/routes/:id/series`, async (request) =>
      seriesOf(request.params.id, request.query),
    );

    app.get<{ Params: { id: string }; Querystring: { since?: string; bucket?: string } }>(`${BASE}/routes/:id/series`, async (request, reply) => {
      const s = await seriesOf(request.params.id, request.query);
      return html(reply, seriesPage(s.routeId, s.buckets, s.since, s.bucket, config.gate.minMatch, session(request)));
    });

    app.get<{ Querystring: { since?: string } }>(`${BASE}/aht`, async (request, reply) => {
      const since = request.query.since || '24h';
      const report = await ahtReport(now() - parseDuration(since));
      return html(reply, ahtPage(report, since, session(request)));
    });

    app.get<{ Querystring: { route?: string } }>(`${BASE}/audit`, async (request, reply) => {
      const route = request.query.route || null;
      return html(reply, auditPage(await deps.store.flagHistory(route ?? undefined), route, session(request)));
    });
  };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function formValues(body: Body): Record<string, string | boolean> {
  const str = (k: string): string => (typeof body[k] === 'string' ? (body[k] as string) : '');
  return { mode: str('mode'), percent: str('percent'), sample: str('sample'), reason: str('reason'), force: str('force') === 'on' };
}

function fromCompiled(r: LiveRoutes['routes'][number]): DashboardRoute {
  return { id: r.id, methods: r.config.methods, path: r.config.path, mode: r.flag.mode, percent: r.flag.percent, sample: r.flag.sample };
}
