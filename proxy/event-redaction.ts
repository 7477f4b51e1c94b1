import { randomBytes } from 'node:crypto';
import { redactPath, scrubText, type RedactOptions } from '../compare/index.js';
import type { StranglerConfig } from '../config/strangler-config.js';

/** Removes e-mail addresses and phone numbers from what a request event (and its log line) keeps. */
export interface EventRedaction {
  /** The raw path with e-mails and phone numbers in its segments replaced by a keyed hash. */
  path(rawPath: string): string;
  /** A case id taken from the path, scrubbed the same way. */
  caseId(caseId: string): string;
}

// Cheap gate for the request path: an `@` (maybe encoded) or nine digits in a run of digits and
// phone separators. Only then is the path scrubbed; ids like /api/inquiries/12345 skip it.
const MAY_HOLD_PII = /@|%40|\+\d|(?:\d(?:[-().\s+]|%20|%28|%29|%2B)*){9}/i;

/**
 * Build the event redaction with the keyed hash of shadow results (same key, so one value hashes the
 * same everywhere). Without a key, a random one per process: values stay distinct within a run.
 */
export function createEventRedaction(redact: StranglerConfig['shadow']['redact'], secret?: string): EventRedaction {
  const opts: RedactOptions = { secret: secret || redact.secret || randomBytes(32).toString('base64url'), keys: redact.keys.length > 0 ? redact.keys : undefined };
  return {
    path: (rawPath) => (MAY_HOLD_PII.test(rawPath) ? redactPath(rawPath, opts) : rawPath),
    caseId: (caseId) => (MAY_HOLD_PII.test(caseId) ? scrubText(caseId, opts) : caseId),
  };
}
