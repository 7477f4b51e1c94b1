import type { FastifyPluginAsync, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { Store } from '../store/store.js';
import type { GateOptions } from '../flags/gate.js';
import { flagHistory, listFlags, panic, setRouteFlag } from '../flags/flag-service.js';
import type { GateFailedError } from '../flags/flag-service.js';
import { FLAG_ERR_NO_ACTOR } from '../flags/errors.js';

/** What the flag admin routes need. */
export interface FlagsAdminDeps {
  store: Store;
  /** Gate thresholds and window applied to canary/new promotions. */
  gate: GateOptions;
  /** Authenticates the admin token and sets `request.adminActor` to the token's name. */
  requireAdmin: preHandlerHookHandler;
  /** Called after every change (e.g. to reload this instance's flags at once). */
  onChanged?(): void;
}

interface SetBody {
  mode?: string;
  percent?: number;
  sample?: number;
  reason?: string;
  force?: boolean;
}

function actorOf(request: FastifyRequest): string {
  const actor = (request as FastifyRequest & { adminActor?: unknown }).adminActor;
  if (typeof actor !== 'string' || actor === '') throw new FLAG_ERR_NO_ACTOR();
  return actor;
}

/** The flag admin API as a fastify plugin: GET /api/flags, POST /api/flags/:route, GET /api/flags/history, POST /api/flags/panic. */
export function flagsAdminRoutes(deps: FlagsAdminDeps): FastifyPluginAsync {
  return async (app) => {
    app.addHook('preHandler', deps.requireAdmin);
    // Coded errors answer with their status and code; a gate failure also lists its reasons.
    app.setErrorHandler((err, _request, reply) => {
      const e = err as { code?: string; statusCode?: number; message: string; verdict?: GateFailedError['verdict'] };
      const status = typeof e.statusCode === 'number' && e.statusCode >= 400 ? e.statusCode : 500;
      void reply.status(status).send({
        code: e.code ?? 'FLAG_ERR_INTERNAL',
        message: e.message,
        ...(e.verdict !== undefined ? { gate: e.verdict } : {}),
      });
    });

    app.get('/api/flags', async () => ({ flags: await listFlags(deps.store) }));

    app.get<{ Querystring: { route?: string } }>('/api/flags/history', async (request) => ({
      history: await flagHistory(deps.store, request.query.route),
    }));

    app.post<{ Params: { route: string }; Body: SetBody | undefined }>('/api/flags/:route', async (request) => {
      const body = request.body ?? {};
      const outcome = await setRouteFlag(deps.store, {
        routeId: request.params.route,
        mode: String(body.mode ?? ''),
        percent: body.percent,
        sample: body.sample,
        reason: String(body.reason ?? ''),
        force: body.force === true,
        actor: actorOf(request),
      }, deps.gate);
      deps.onChanged?.();
      return outcome;
    });

    app.post<{ Body: { reason?: string } | undefined }>('/api/flags/panic', async (request) => {
      const flags = await panic(deps.store, actorOf(request), String(request.body?.reason ?? ''));
      deps.onChanged?.();
      return { flags };
    });
  };
}
