import type { GraphqlErrorItem, LegacyResponse } from '../../legacy-adapters/index.js';
import { LEGACY_ERRORS, ngEnvelope, okEnvelope } from '../legacy-cs/envelope.js';

// Legacy's own headers: shadow compares them, and a `new` answer without `no-store` would let a
// browser cache customers' data that legacy never let it.
const JSON_HEADERS = { 'content-type': 'application/json; charset=UTF-8', 'cache-control': 'no-store, no-cache, must-revalidate' };

/** A legacy OK answer. */
export function legacyOk(data: unknown): LegacyResponse {
  return { status: 200, headers: JSON_HEADERS, body: okEnvelope(data) };
}

/** Legacy's 404 NG answer. */
export function legacyNotFound(): LegacyResponse {
  return { status: LEGACY_ERRORS.notFound.status, headers: JSON_HEADERS, body: ngEnvelope(LEGACY_ERRORS.notFound) };
}

/** Legacy's validation NG answer with its detail text. */
export function legacyValidation(detail: string): LegacyResponse {
  return { status: LEGACY_ERRORS.validation.status, headers: JSON_HEADERS, body: ngEnvelope(LEGACY_ERRORS.validation, detail) };
}

/** The candidate's expected mutation errors in legacy's shape: NOT_FOUND → 404; anything else is left unmapped. */
export function mapNotFound(errors: GraphqlErrorItem[]): LegacyResponse | null {
  return errors.some((e) => e.extensions?.code === 'NOT_FOUND') ? legacyNotFound() : null;
}

/** A GraphQL enum value (`WAIT_PAYMENT`) as legacy stores it (`wait_payment`). */
export function enumToLegacy(value: string): string {
  return value.toLowerCase();
}

/** A legacy status (`pending`) as the GraphQL enum value (`PENDING`). */
export function legacyToEnum(value: string): string {
  return value.toUpperCase();
}
