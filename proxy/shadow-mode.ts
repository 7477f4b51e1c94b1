import type { IncomingMessage } from 'node:http';
import type { ModeHandler, ModeHandlers } from './mode-handlers.js';
import type { ShadowRunner } from '../shadow/index.js';

/**
 * The proxy's `shadow` mode: the operator gets legacy's answer, streamed untouched; for the route's live
 * `sample` fraction the runner tees that answer (and the request body) and runs the candidate in the
 * background. Nothing here waits: `begin` only flips coins and admits a job to a bounded queue.
 */
export function shadowModeHandler(runner: ShadowRunner): ModeHandler {
  return (ctx) => {
    ctx.setOutcome({ servedBy: 'legacy', arm: 'shadow' });
    const tap =
      ctx.route === null
        ? null
        : runner.begin(ctx.route.id, ctx.flag.sample, {
            method: ctx.req.method ?? 'GET',
            url: ctx.req.url ?? ctx.rawPath,
            headers: ctx.req.headers,
            params: { ...ctx.params },
            operatorId: ctx.operatorId,
            requestId: ctx.id,
            body: ctx.req,
            startedAt: ctx.startedAt,
          });
    if (tap === null) {
      ctx.passthrough();
      return;
    }
    // Legacy failed or the client left before an answer: end the job instead of letting it wait.
    ctx.res.once('close', () => tap.abandon('response closed before legacy answered'));
    ctx.passthrough({ onProxyRes: (proxyRes: IncomingMessage) => tap.captureResponse(proxyRes) });
  };
}

/** The handlers shadow/ contributes to the proxy's registry (`startProxy(config, { modeHandlers })`). */
export function shadowModeHandlers(runner: ShadowRunner): ModeHandlers {
  return { shadow: shadowModeHandler(runner) };
}
