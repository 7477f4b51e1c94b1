/**
 * Timestamps written in the ways a PHP back office and a GraphQL service write them:
 * ISO 8601 with `T` or a space (`2018-10-04 12:00:00`, `2018-10-04T03:00:00.000Z`, `…+09:00`),
 * slashes (`2018/10/04 12:00:00`) and HTTP/RFC 2822 dates (`Thu, 04 Oct 2018 03:00:00 GMT`).
 * A timestamp without an offset is read in the given IANA zone (legacy PHP writes local time).
 */
const ISO =
  /^(\d{4})[-/](\d{2})[-/](\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/;
const RFC2822 = /^(?:[A-Z][a-z]{2},\s*)?\d{1,2}\s+[A-Z][a-z]{2}\s+\d{4}\s+\d{2}:\d{2}(?::\d{2})?\s+(?:GMT|UTC|UT|Z|[+-]\d{4})$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** True when `zone` is an IANA zone name this runtime knows. */
export function isValidTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Offset of `zone` from UTC at instant `ms`, in ms. */
function zoneOffset(ms: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/** Epoch ms of a wall-clock time in `zone` (the earlier one in a DST overlap). */
function wallClockToEpoch(wall: number, zone: string): number {
  const first = wall - zoneOffset(wall, zone);
  const second = wall - zoneOffset(first, zone);
  return Math.min(first, second);
}

/** Parse a timestamp string into epoch ms, or null when it is not one. Offset-less times are read in `zone`. */
export function parseTimestamp(s: string, zone: string): number | null {
  if (s.length < 16 || s.length > 40) return null;
  const m = ISO.exec(s);
  if (m !== null) {
    const [, y, mo, d, h, mi, sec, frac, off] = m;
    const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
    const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, sec === undefined ? 0 : +sec, ms);
    if (Number.isNaN(wall)) return null;
    if (off === undefined) return wallClockToEpoch(wall, zone);
    if (/^(Z|z|UTC|GMT)$/.test(off)) return wall;
    const sign = off[0] === '-' ? -1 : 1;
    const digits = off.slice(1).replace(':', '');
    const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    return wall - sign * minutes * 60_000;
  }
  if (RFC2822.test(s)) {
    const t = Date.parse(s);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}
