import { randomBytes } from 'node:crypto';
import type { Store } from './store.js';

/** Watermark row that holds the per-store redaction key (when STRANGLER_REDACT_KEY is not set). */
const REDACT_KEY_NAME = 'redact-key';

/** The redaction key kept in the store, or null when no instance has started against it yet. */
export async function readStoredRedactKey(store: Store): Promise<string | null> {
  return (await store.getWatermark(REDACT_KEY_NAME)) || null;
}

/**
 * Without STRANGLER_REDACT_KEY, a random HMAC key made on first start and kept in the store, so that
 * every instance and restart hashes a value the same way (equal values still compare equal). Setting
 * the key in the environment keeps it out of the database, which is better against dictionary attacks.
 */
export async function ensureStoredRedactKey(store: Store): Promise<string> {
  const existing = await readStoredRedactKey(store);
  if (existing) return existing;
  // Insert only if missing: of instances starting at once, the first writer wins and all read its key.
  await store.setWatermark(REDACT_KEY_NAME, randomBytes(32).toString('base64url'), { onlyIfMissing: true });
  return (await store.getWatermark(REDACT_KEY_NAME)) as string;
}
