import { randomBytes } from 'node:crypto';
import { redactCaseId, redactPath, type RedactOptions } from '../compare/index.js';
import type { RouteConfig, StranglerConfig } from '../config/strangler-config.js';

/** What a request event (and its log line) keeps of the path and case id: compare/'s redaction, deny by default. */
export interface EventRedaction {
  /** The raw path (no query) with every segment that is not a safe identifier or code word hashed. */
  path(rawPath: string): string;
  /** A case id taken from the path (decoded): kept when a safe identifier, else hashed. */
  caseId(caseId: string): string;
}

/**
 * Build the event redaction with the keyed hash of shadow results (same key, so one value hashes the
 * same in events, results and case ids). Without a key, a random one per process: values stay distinct within a run.
 */
export function createEventRedaction(
  redact: Omit<StranglerConfig['shadow']['redact'], 'allow'> & { allow?: string[] },
  secret?: string,
  routes: readonly Pick<RouteConfig, 'path'>[] = [],
): EventRedaction {
  const opts: RedactOptions = {
    secret: secret || redact.secret || randomBytes(32).toString('base64url'),
    keys: redact.keys.length > 0 ? redact.keys : undefined,
    allow: redact.allow,
    routes: routes.map((r) => r.path),
  };
  return {
    path: (rawPath) => redactPath(rawPath, opts),
    caseId: (caseId) => redactCaseId(caseId, opts),
  };
}
