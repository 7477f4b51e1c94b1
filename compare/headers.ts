import type { Difference } from '../model/difference.js';

/** A header as node:http or a plain object holds it: one value, several, or none. */
export type HeaderValue = string | readonly string[] | number | undefined | null;
/** Response headers by name (any case): `IncomingHttpHeaders`, `OutgoingHttpHeaders` or a plain object. */
export type HeaderMap = Readonly<Record<string, HeaderValue>>;

/**
 * Headers compared when the rules name none: what a legacy UI or browser acts on. A `new` route that
 * drops a cookie, a charset or a download name breaks the UI as surely as a wrong field.
 */
export const DEFAULT_COMPARED_HEADERS: readonly string[] = Object.freeze([
  'content-type',
  'set-cookie',
  'location',
  'cache-control',
  'etag',
  'content-disposition',
]);

function get(h: HeaderMap, name: string): HeaderValue {
  const v = h[name];
  if (v !== undefined) return v;
  for (const k in h) if (k.toLowerCase() === name) return h[k];
  return undefined;
}

function list(v: HeaderValue): string[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? (v as string[]).map(String) : [String(v)];
}

/** `type/sub; a=b` with the type, parameter names and a charset lower-cased, quotes dropped, parameters sorted. */
function parameterised(v: string, lowerValues: ReadonlySet<string>): string {
  const [head, ...params] = v.split(';');
  const norm = params
    .map((p) => {
      const eq = p.indexOf('=');
      if (eq < 0) return p.trim().toLowerCase();
      const name = p.slice(0, eq).trim().toLowerCase();
      let value = p.slice(eq + 1).trim();
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
      return `${name}=${lowerValues.has(name) ? value.toLowerCase() : value}`;
    })
    .filter((p) => p !== '')
    .sort();
  return [head!.trim().toLowerCase(), ...norm].join('; ');
}

const CHARSET = new Set(['charset']);
const NONE = new Set<string>();

/** One cookie as its name and attributes, not its value; `Expires` by presence (it names a time). */
function cookie(v: string): string {
  const [pair, ...attrs] = v.split(';');
  const eq = pair!.indexOf('=');
  const name = (eq < 0 ? pair! : pair!.slice(0, eq)).trim();
  const norm = attrs
    .map((a) => {
      const i = a.indexOf('=');
      const an = (i < 0 ? a : a.slice(0, i)).trim().toLowerCase();
      if (an === 'expires' || i < 0) return an;
      const av = a.slice(i + 1).trim();
      return `${an}=${an === 'samesite' || an === 'domain' ? av.toLowerCase() : av}`;
    })
    .filter((a) => a !== '')
    .sort();
  return [name, ...norm].join('; ');
}

/** The comparable form of one header, or undefined when absent. */
function normalize(name: string, v: HeaderValue): string | undefined {
  const values = list(v);
  if (values.length === 0) return undefined;
  switch (name) {
    case 'content-type':
      return parameterised(values[0]!, CHARSET);
    case 'content-disposition':
      return parameterised(values[0]!, NONE);
    case 'set-cookie':
      // several cookies may come joined with `, ` in one string: split where a new `name=` starts
      // (the comma inside an `Expires` date is followed by a day number, not `name=`)
      return values
        .flatMap((x) => x.split(/,\s*(?=[^;,=\s]+=)/))
        .map(cookie)
        .sort()
        .join('\n');
    case 'cache-control':
      return values
        .join(',')
        .split(',')
        .map((d) => d.trim().toLowerCase().replace(/\s*=\s*/, '='))
        .filter((d) => d !== '')
        .sort()
        .join(', ');
    case 'etag':
      return 'present'; // a validator differs per representation: what matters is that one is sent
    default:
      return values.map((x) => x.trim()).join(', ');
  }
}

/**
 * Compare the named response headers (lower-case names; default DEFAULT_COMPARED_HEADERS). Each
 * difference has path `headers.<name>`: `removed` when only legacy sends it, `added` when only the
 * candidate does, `changed` otherwise, with both sides' compared forms (cookie values never shown).
 */
export function compareHeaders(legacy: HeaderMap, candidate: HeaderMap, names: readonly string[] = DEFAULT_COMPARED_HEADERS): Difference[] {
  const out: Difference[] = [];
  for (const raw of names) {
    const name = raw.toLowerCase();
    const x = get(legacy, name);
    const y = get(candidate, name);
    if (x === y && x !== undefined && name !== 'set-cookie') continue;
    const a = normalize(name, x);
    const b = normalize(name, y);
    if (a === b) continue;
    const path = `headers.${name}`;
    if (b === undefined) out.push({ path, kind: 'removed', legacy: a });
    else if (a === undefined) out.push({ path, kind: 'added', candidate: b });
    else out.push({ path, kind: 'changed', legacy: a, candidate: b });
  }
  return out;
}
