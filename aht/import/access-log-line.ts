import type { RawRequest } from './derive-event.js';
import { CONTROL, type LineProblem } from './ndjson-line.js';

// Combined log format, then ` op=OPERATOR` and optional ` rt=SECONDS` / ` served_by=legacy|new`:
// 10.0.0.1 - - [01/May/2024:09:30:00 +0900] "GET /api/inquiries/7 HTTP/1.1" 200 512 "-" "Mozilla/5.0" op=alice rt=0.045
// A field's key has no `=`: with `\S+=\S+` a line of many `a=b=c` fields failing at its end backtracked exponentially.
const COMBINED = /^(\S+) (\S+) (\S+) \[([^\]]+)\] "([A-Z]+) (\S+)(?: [^"]*)?" (\d{3}) (\S+) "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)"((?: [^\s=]+=\S+)*)\s*$/;
const TIME = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Read one access-log line (combined log format plus trailing `op=OPERATOR`, optional `rt=SECONDS`
 * request time and `served_by=legacy|new`, default legacy: history from before the proxy is all legacy).
 */
export function parseAccessLogLine(line: string): RawRequest | LineProblem {
  const m = COMBINED.exec(line);
  if (m === null) return { problem: 'not combined log format' };
  const t = TIME.exec(m[4]);
  if (t === null || !MONTHS.includes(t[2])) return { problem: `bad time [${m[4]}]` };
  const [day, year, hour, min, sec, zh, zm] = [t[1], t[3], t[4], t[5], t[6], t[8], t[9]].map(Number);
  const month = MONTHS.indexOf(t[2]);
  const utc = new Date(Date.UTC(2000, month, day, hour, min, sec));
  utc.setUTCFullYear(year); // Date.UTC maps years 0–99 to 1900–1999
  // Date.UTC rolls 31 Feb or 25:00 over into the next day: a field out of range is a bad line, not another time.
  if (utc.getUTCDate() !== day || utc.getUTCMonth() !== month || hour > 23 || min > 59 || sec > 59 || zh > 23 || zm > 59) return { problem: `bad time [${m[4]}]` };
  if (!m[6].startsWith('/')) return { problem: `the request target must be a path starting with /: ${m[6]}` };
  if (CONTROL.test(m[6])) return { problem: 'the request target holds a control character' };
  const offsetMin = (t[7] === '-' ? -1 : 1) * (zh * 60 + zm);
  const ts = utc.getTime() - offsetMin * 60_000;
  const fields = new Map<string, string>();
  for (const kv of m[11].trim().split(' ').filter((s) => s !== '')) {
    const i = kv.indexOf('=');
    fields.set(kv.slice(0, i), kv.slice(i + 1));
  }
  const op = fields.get('op');
  if (op === undefined || op === '' || op === '-') return { problem: 'no op=OPERATOR field' };
  if (CONTROL.test(op)) return { problem: 'the op= field holds a control character' };
  const servedBy = fields.get('served_by') ?? 'legacy';
  if (servedBy !== 'legacy' && servedBy !== 'new') return { problem: 'served_by must be legacy or new' };
  const rt = Number(fields.get('rt') ?? '0');
  return {
    ts,
    operatorId: op,
    method: m[5],
    path: m[6],
    status: Number(m[7]),
    latencyMs: Number.isFinite(rt) ? Math.round(rt * 1000 * 1000) / 1000 : 0,
    servedBy,
  };
}
