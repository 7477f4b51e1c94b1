import { hostname } from 'node:os';
import { DEFAULT_REDACT_ALLOW, DEFAULT_REDACT_KEYS } from '../compare/redact-policy.js';

/** Keys whose values shadow diffs hash by default (case-insensitive): compare/'s list of personal data keys. */
export { DEFAULT_REDACT_KEYS };

/** Defaults of every optional key, in the file's shape (the JSON Schema documents each one). */
export function defaultConfigInput(): Record<string, unknown> {
  return {
    instance: `${hostname()}:${process.pid}`,
    legacy: { timeoutMs: 120_000, connectTimeoutMs: 5_000 },
    server: { host: '0.0.0.0', port: 8000, workers: 1, maxHeaderBytes: 16_384, maxBodyBytes: 1024 ** 3 },
    admin: { host: '127.0.0.1', port: 9090, tokens: [] },
    candidate: null,
    adapters: null,
    operator: { from: 'header', header: 'x-operator-id' },
    routes: [],
    shadow: {
      maxBodyBytes: 1024 ** 2,
      concurrency: 16,
      perRouteConcurrency: 8,
      queueSize: 256,
      workers: 1,
      timeoutMs: 5_000,
      redact: { keys: [...DEFAULT_REDACT_KEYS], paths: [], allow: [...DEFAULT_REDACT_ALLOW], secret: '' },
    },
    compare: { rules: {}, noise: { relativeThreshold: 2, absoluteThreshold: 0.01 } },
    store: { url: 'sqlite:.strangler/strangler.db', batchSize: 500, flushIntervalMs: 1_000, maxBuffer: 100_000 },
    flags: { pollIntervalMs: 1_000, maxStaleMs: 300_000 },
    log: { level: 'info' },
    shutdown: { drainDelayMs: 0 },
    gate: { minSamples: 1_000, minMatch: 0.99, maxErrorRate: 0.01, windowMs: 24 * 3_600_000 },
    aht: { cases: [], maxDurationMs: 4 * 3_600_000, idleGapMs: 5 * 60_000, abandonAfterMs: 60 * 60_000, skewToleranceMs: 2_000, equivalenceMarginS: 5 },
  };
}
