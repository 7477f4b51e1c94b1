import type { IncomingMessage } from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSigner } from 'fast-jwt';
import { createOperatorIdentity } from '../../proxy/operator-identity.js';
import type { StranglerConfig } from '../../config/strangler-config.js';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
const SECRET = 'a-long-shared-secret-for-hs256-tokens';

describe('createOperatorIdentity: jwt', () => {
  const fromBearer: StranglerConfig['operator'] = { from: 'jwt', header: 'authorization', claim: 'operator_id', secret: SECRET };
  const identity = createOperatorIdentity(fromBearer);
  const sign = createSigner({ key: SECRET, expiresIn: 60_000 });

  it('accepts a token signed with the secret and reads the claim', () => {
    expect(identity(req({ authorization: `Bearer ${sign({ operator_id: 'op-12' })}` }))).toBe('op-12');
    expect(identity(req({ authorization: `Bearer ${sign({ operator_id: 345 })}` }))).toBe('345');
  });

  it('never trusts a plain operator header when the source is jwt', () => {
    expect(identity(req({ 'x-operator-id': 'op-admin' }))).toBeNull();
  });

  it('treats a bad signature, an unsigned token, an expired token or garbage as no operator', () => {
    const forged = createSigner({ key: 'another-secret-of-the-same-length!!!' })({ operator_id: 'op-12' });
    const unsigned = createSigner({ algorithm: 'none' })({ operator_id: 'op-12' });
    const expired = createSigner({ key: SECRET, clockTimestamp: Date.now() - 3_600_000, expiresIn: 1000 })({ operator_id: 'op-12' });
    for (const token of [forged, unsigned, expired, 'not.a.jwt', '']) {
      expect(identity(req({ authorization: `Bearer ${token}` })), token).toBeNull();
    }
  });

  it('a token without the claim is no operator', () => {
    expect(identity(req({ authorization: `Bearer ${sign({ sub: 'op-12' })}` }))).toBeNull();
  });

  it('reads the token from a cookie and verifies it with a public key', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const fromCookie = createOperatorIdentity({ from: 'jwt', cookie: 'cs_token', claim: 'sub', publicKey: pem });
    const token = createSigner({ key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), algorithm: 'RS256' })({ sub: 'op-9' });
    expect(fromCookie(req({ cookie: `PHPSESSID=abc; cs_token=${token}` }))).toBe('op-9');
    // An HS256 token "signed" with the public key must not pass (algorithm confusion).
    const confused = createSigner({ key: pem, algorithm: 'HS256' })({ sub: 'op-9' });
    expect(fromCookie(req({ cookie: `cs_token=${confused}` }))).toBeNull();
  });

  it('without a key only decodes (the SSO in front verified the token)', () => {
    const decodeOnly = createOperatorIdentity({ from: 'jwt', header: 'x-sso-token', claim: 'sub' });
    expect(decodeOnly(req({ 'x-sso-token': createSigner({ key: 'whatever' })({ sub: 'op-3' }) }))).toBe('op-3');
  });
});
