import type { IncomingMessage } from 'node:http';
import type { StranglerConfig } from '../config/strangler-config.js';

/** Reads the operator id of a request; null when the request carries none. */
export type OperatorIdentity = (req: IncomingMessage) => string | null;

/**
 * Build the operator-id reader for config.operator. `header` and `cookie` are read here; `jwt` needs a
 * verifier, which callers pass to startProxy as deps.operatorIdentity (until then it yields null).
 */
export function createOperatorIdentity(operator: StranglerConfig['operator']): OperatorIdentity {
  if (operator.from === 'header') {
    const name = operator.header.toLowerCase();
    return (req) => {
      const v = req.headers[name];
      const id = Array.isArray(v) ? v[0] : v;
      return id ? id : null;
    };
  }
  if (operator.from === 'cookie') {
    const name = operator.cookie;
    return (req) => readCookie(req.headers.cookie, name);
  }
  return () => null;
}

/** The value of one cookie in a Cookie header (first occurrence), percent-decoded when possible. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      // keep the raw value: a malformed escape is still an identifier
    }
    return value === '' ? null : value;
  }
  return null;
}
