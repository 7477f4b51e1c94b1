/**
 * The value of one field of a login request body, as legacy's own login reads it: an urlencoded form
 * (what a PHP login page posts), JSON (a dotted key for nesting), or multipart/form-data.
 * Returns null when the body has no such field or it is empty.
 */
export function readLoginField(body: Buffer, contentType: string | undefined, field: string): string | null {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const text = body.toString('utf8');
  let value: unknown;
  if (type === 'application/json' || type.endsWith('+json')) value = jsonField(text, field);
  else if (type === 'multipart/form-data') value = multipartField(text, boundaryOf(contentType ?? ''), field);
  else value = new URLSearchParams(text).get(field);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function jsonField(text: string, field: string): unknown {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  let at: unknown = doc;
  for (const key of field.split('.')) {
    if (at === null || typeof at !== 'object' || Array.isArray(at)) return null;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function boundaryOf(contentType: string): string | null {
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m === null ? null : (m[1] ?? m[2]);
}

function multipartField(text: string, boundary: string | null, field: string): string | null {
  if (boundary === null) return null;
  for (const part of text.split(`--${boundary}`)) {
    const headEnd = part.indexOf('\r\n\r\n');
    if (headEnd === -1) continue;
    const head = part.slice(0, headEnd);
    const name = /content-disposition:[^\r\n]*;\s*name="([^"]*)"/i.exec(head);
    if (name === null || name[1] !== field || /filename=/i.test(head)) continue;
    return part.slice(headEnd + 4).replace(/\r\n$/, '');
  }
  return null;
}
