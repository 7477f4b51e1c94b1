import { describe, expect, it } from 'vitest';
import { fallbackReason, mayFallBack } from '../../proxy/fallback.js';
import {
  ADP_ERR_BODY, ADP_ERR_CIRCUIT_OPEN, ADP_ERR_CONNECT, ADP_ERR_GRAPHQL_FATAL, ADP_ERR_HTTP_5XX, ADP_ERR_TIMEOUT,
  type AdapterFailure,
} from '../../legacy-adapters/index.js';
import type { CodedError } from '../../errors/index.js';

const failure = (error: CodedError, retryableOnLegacy: boolean, sentToCandidate: boolean): AdapterFailure => ({
  ok: false, error, retryableOnLegacy, sentToCandidate, durationMs: 1,
});
const socketError = (code: string) => Object.assign(new Error(code), { code });

describe('mayFallBack', () => {
  it('follows runAdapter for idempotent candidate failures', () => {
    expect(mayFallBack(failure(ADP_ERR_TIMEOUT(100), true, true))).toBe(true);
  });

  it('never sends a non-idempotent request the candidate may have received to legacy too', () => {
    for (const err of [ADP_ERR_TIMEOUT(100), ADP_ERR_HTTP_5XX(500), ADP_ERR_GRAPHQL_FATAL('X'), ADP_ERR_CONNECT('http://c', 'UND_ERR_SOCKET', socketError('UND_ERR_SOCKET'))]) {
      expect(mayFallBack(failure(err, false, true)), err.code).toBe(false);
    }
  });

  it('sends it to legacy when the candidate provably never got it: circuit open, bad body, refused connection', () => {
    expect(mayFallBack(failure(ADP_ERR_CIRCUIT_OPEN('a'), false, false))).toBe(true);
    expect(mayFallBack(failure(ADP_ERR_BODY('json'), false, false))).toBe(true);
    expect(mayFallBack(failure(ADP_ERR_CONNECT('http://c', 'ECONNREFUSED', socketError('ECONNREFUSED')), false, true))).toBe(true);
  });
});

describe('fallbackReason', () => {
  it('names the metric label for each candidate failure', () => {
    expect(fallbackReason(ADP_ERR_CONNECT('u', 'x'))).toBe('connect');
    expect(fallbackReason(ADP_ERR_CIRCUIT_OPEN('a'))).toBe('circuit-open');
    expect(fallbackReason(ADP_ERR_GRAPHQL_FATAL('X'))).toBe('graphql-fatal');
    expect(fallbackReason(ADP_ERR_HTTP_5XX(503))).toBe('http-5xx');
  });
});
