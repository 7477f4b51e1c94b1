import { createAdapterRequest, type AdapterRequest } from '../legacy-adapters/index.js';
import type { RequestContext } from './request-context.js';

/** What the route's adapter sees of this request: method, raw target, matched params, headers, the buffered body, ids. */
export function adapterRequestOf(ctx: RequestContext, body: Buffer): AdapterRequest {
  return createAdapterRequest({
    method: ctx.req.method ?? 'GET',
    rawPath: ctx.req.url ?? ctx.rawPath,
    params: { ...ctx.params },
    headers: ctx.req.headers,
    body,
    operatorId: ctx.operatorId,
    requestId: ctx.id,
  });
}
