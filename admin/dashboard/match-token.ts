import { createHash, timingSafeEqual } from 'node:crypto';

/** The name of the admin token equal to `given` (constant-time over digests), or null. */
export function matchAdminToken(tokens: readonly { name: string; token: string }[], given: string): string | null {
  const g = digest(given);
  let found: string | null = null;
  // Compare against every token so the time taken does not say which one matched.
  for (const t of tokens) if (timingSafeEqual(digest(t.token), g) && found === null) found = t.name;
  return given === '' ? null : found;
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
