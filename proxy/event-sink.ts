import type { RequestEvent } from '../model/request-event.js';

/** Where request events go; push must not block or throw (store/ provides the batching writer). */
export interface EventSink {
  push(event: RequestEvent): void;
}

/** A sink that drops everything (no store configured). */
export const nullEventSink: EventSink = { push() {} };
