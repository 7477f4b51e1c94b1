import { readFileSync } from 'node:fs';
import type { ConfigIssue } from './config-issue.js';

/** The candidate's credentials after validation: header values with `${env:NAME}` expanded, TLS file paths. */
export interface CandidateAuth {
  headers: Readonly<Record<string, string>>;
  tls: { ca: string | null; cert: string | null; key: string | null } | null;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const PLACEHOLDER = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;
// The client frames every call itself; these would break it or smuggle a second meaning.
const RESERVED = new Set(['host', 'content-length', 'content-type', 'transfer-encoding', 'connection', 'upgrade', 'te', 'trailer', 'keep-alive']);

/**
 * Validate `candidate.headers` and `candidate.tls` once, at the boundary. A value may hold
 * `${env:NAME}` placeholders, read from the environment here and nowhere else. Issues never show a
 * secret: they show the template as written, or `<hidden>` for a literal value.
 */
export function candidateAuth(
  input: { url: string; headers?: Record<string, string>; tls?: { ca?: string; cert?: string; key?: string } },
  env: Record<string, string | undefined>,
  issues: ConfigIssue[],
): CandidateAuth {
  const headers: Record<string, string> = {};
  for (const [name, template] of Object.entries(input.headers ?? {})) {
    const path = `candidate.headers.${name}`;
    const shown = template.includes('${env:') ? template : '<hidden>';
    if (!TOKEN.test(name)) {
      issues.push({ path, value: name, expected: 'a header name (letters, digits and !#$%&\'*+-.^_`|~)', fix: 'rename the header, e.g. `Authorization`' });
      continue;
    }
    if (RESERVED.has(name.toLowerCase())) {
      issues.push({ path, value: name, expected: 'a header the GraphQL client does not set itself', fix: `remove \`${name}\`: the client sets it per call` });
      continue;
    }
    let missing: string | null = null;
    const value = template.replace(PLACEHOLDER, (_m, variable: string) => {
      const found = env[variable];
      if (found === undefined || found === '') missing ??= variable;
      return found ?? '';
    });
    if (missing !== null) {
      issues.push({ path, value: shown, expected: `the environment variable ${missing} to be set`, fix: `export ${missing}=… before starting strangler (or write the value into the config)` });
      continue;
    }
    if (/[\r\n\0]/.test(value) || value.trim() === '') {
      issues.push({ path, value: shown, expected: 'a non-empty value on one line (no CR, LF or NUL)', fix: 'check the value or the environment variable it names' });
      continue;
    }
    headers[name] = value;
  }
  let tls: CandidateAuth['tls'] = null;
  if (input.tls !== undefined) {
    const t = input.tls;
    tls = { ca: t.ca ?? null, cert: t.cert ?? null, key: t.key ?? null };
    if (!input.url.startsWith('https:')) {
      issues.push({ path: 'candidate.tls', value: input.url, expected: 'an https: candidate.url when candidate.tls is set', fix: 'use https:// for candidate.url, or remove candidate.tls' });
    }
    if ((tls.cert === null) !== (tls.key === null)) {
      issues.push({ path: tls.cert === null ? 'candidate.tls.cert' : 'candidate.tls.key', value: undefined, expected: 'both cert and key for a client certificate (mTLS)', fix: 'set both `cert` and `key` file paths, or neither' });
    }
    for (const key of ['ca', 'cert', 'key'] as const) {
      const file = tls[key];
      if (file === null) continue;
      try {
        readFileSync(file);
      } catch {
        issues.push({ path: `candidate.tls.${key}`, value: file, expected: 'a readable PEM file', fix: 'check the path and its permissions' });
      }
    }
  }
  return { headers: Object.freeze(headers), tls };
}
