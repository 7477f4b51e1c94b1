import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

/** Every redacted value starts with this; a value that already has it is never redacted again. */
export const REDACTED_PREFIX = 'redacted:';

const TOKEN = /^redacted:[0-9a-f]{16}(?: shape:[^\n]*)?$/;

// The key made into a KeyObject once per secret: `createHmac` with a string imports the key on every call.
const keys = new Map<string, KeyObject>();

/**
 * The keyed hash of a value: HMAC-SHA256 under the redaction key, first 16 hex digits (64 bits).
 * Equal values hash alike under one key, so joins, grouping and equality still work on hashed data.
 */
export function keyedHash(secret: string, value: string): string {
  if (secret === '') return createHmac('sha256', '').update(value).digest('hex').slice(0, 16);
  let key = keys.get(secret);
  if (key === undefined) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    if (keys.size < 16) keys.set(secret, key);
  }
  return createHmac('sha256', key).update(value).digest('hex').slice(0, 16);
}

/** `redacted:<hash>`: how a hashed path segment, case id, key or query value is stored. */
export function hashToken(secret: string, value: string): string {
  return REDACTED_PREFIX + keyedHash(secret, value);
}

/** True for a value this module wrote (`redacted:<hash>` with or without its shape). */
export function isRedactedToken(value: string): boolean {
  return value.startsWith(REDACTED_PREFIX) && TOKEN.test(value);
}
