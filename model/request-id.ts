import { v7 as uuidv7 } from 'uuid';

/**
 * A request's id: a UUIDv7, time-ordered, so the store's unique index on it grows at its end and an
 * insert costs the same on a table of millions of rows as on an empty one (a random v4 does not).
 */
export function newRequestId(): string {
  return uuidv7();
}

/**
 * The arrival time (ms since the epoch) a UUIDv7 carries in its first 48 bits. The event's `ts` is
 * read from the id rather than from a second clock reading: two readings side by side could part by
 * a pause between them (a GC, a busy core), and uuid keeps ids in order even when the wall clock
 * steps back, so the id's time is the one that agrees with the order of ids.
 */
export function idTime(id: string): number {
  return parseInt(id.slice(0, 8), 16) * 0x10000 + parseInt(id.slice(9, 13), 16);
}

// Visible ASCII only, so a header cannot forge log fields or lines; long enough for any tracing id.
const KEPT_ID = /^[\x21-\x7e]{1,200}$/;
// W3C Trace Context, version 00 layout (https://www.w3.org/TR/trace-context/#traceparent-header).
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** An incoming `X-Request-Id` worth keeping (1–200 visible ASCII characters), else null: the caller makes one. */
export function keptRequestId(header: string | string[] | undefined): string | null {
  return typeof header === 'string' && KEPT_ID.test(header) ? header : null;
}

/** A well-formed incoming `traceparent`, else null (it is logged, so nothing else is taken). */
export function traceparentOf(header: string | string[] | undefined): string | null {
  return typeof header === 'string' && TRACEPARENT.test(header) ? header : null;
}

/** The field every log line of both planes carries a request's id in. */
export const REQUEST_ID_FIELD = 'reqId';
