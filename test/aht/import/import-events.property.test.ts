import { afterAll, describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../../store/index.js';
import { importEventsFile } from '../../../aht/import/import-events.js';
import { parseNdjsonLine } from '../../../aht/import/ndjson-line.js';
import { parseAccessLogLine } from '../../../aht/import/access-log-line.js';
import { createEventDeriver } from '../../../aht/import/derive-event.js';
import { SIMULATED_CASE, type AhtReportConfig } from '../../../aht/index.js';
import type { RouteConfig } from '../../../config/strangler-config.js';

const dir = mkdtempSync(join(tmpdir(), 'aht-import-prop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function route(id: string, method: string, path: string): RouteConfig {
  return { id, methods: [method], path, mode: 'legacy', percent: 0, sample: 0, noise: 0, adapter: null, group: id, timeoutMs: null, compare: {} as RouteConfig['compare'] };
}
const CONFIG: AhtReportConfig = {
  aht: { cases: [SIMULATED_CASE], maxDurationMs: 4 * 3600_000, idleGapMs: 300_000, equivalenceMarginS: 5 },
  routes: [route('inquiry', 'GET', '/api/inquiries/:id'), route('files', 'GET', '/files/*')],
};
const derive = createEventDeriver(CONFIG, 'prop');

// Lines that look like events: every field present, each one sometimes off (wrong type, huge, odd text).
const looseValue = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant('1e400'));
const ndjsonObject = fc.record({
  ts: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.constantFrom('2024-13-45T99:99:99Z', '2024-05-01T09:00Z', '+275760-09-13T00:00:00Z'), looseValue),
  operator_id: fc.oneof(fc.string(), fc.string({ unit: 'binary' }), looseValue),
  method: fc.oneof(fc.constantFrom('GET', 'POST', 'DELETE'), fc.stringMatching(/^[A-Z]{1,8}$/), looseValue),
  path: fc.oneof(fc.webPath(), fc.string().map((s) => `/${s}`), fc.constant('/api/inquiries/%E0%A4%A/../7?x=%ZZ'), looseValue),
  status: fc.oneof(fc.integer({ min: 100, max: 599 }), fc.integer(), fc.constant(1e300), looseValue),
  latency_ms: fc.oneof(fc.nat(), fc.double({ min: 0, noNaN: true }), looseValue),
  served_by: fc.oneof(fc.constantFrom('legacy', 'new'), looseValue),
  case_id: fc.option(fc.oneof(fc.string(), looseValue)),
  route_id: fc.option(fc.oneof(fc.string(), looseValue)),
}, { requiredKeys: [] });
// JSON text with the literal 1e400 (JSON.parse turns it into Infinity) where a string said so.
const ndjsonLine = fc.oneof(
  ndjsonObject.map((o) => JSON.stringify(o).replaceAll('"1e400"', '1e400')),
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.json(),
);

const accessLogLine = fc.oneof(
  fc.record({
    ip: fc.oneof(fc.ipV4(), fc.stringMatching(/^\S{1,10}$/)),
    day: fc.integer({ min: 0, max: 99 }),
    month: fc.constantFrom('Jan', 'May', 'Dec', 'Foo', 'may'),
    year: fc.integer({ min: 0, max: 9999 }),
    hh: fc.integer({ min: 0, max: 99 }),
    zone: fc.constantFrom('+0900', '-0000', '+9999', 'Z'),
    method: fc.constantFrom('GET', 'POST', 'get', 'G"ET'),
    path: fc.oneof(fc.webPath(), fc.stringMatching(/^\S{1,30}$/)),
    status: fc.integer({ min: 0, max: 999 }),
    extra: fc.array(fc.oneof(
      fc.stringMatching(/^op=\S{0,12}$/), fc.stringMatching(/^rt=\S{0,8}$/), fc.constantFrom('served_by=new', 'served_by=x', 'rt=Infinity', 'rt=1e400', 'op=', '=x'),
    ), { maxLength: 4 }),
  }).map((r) => `${r.ip} - - [${String(r.day).padStart(2, '0')}/${r.month}/${String(r.year).padStart(4, '0')}:${String(r.hh).padStart(2, '0')}:00:00 ${r.zone}] "${r.method} ${r.path} HTTP/1.1" ${String(r.status).padStart(3, '0')} 12 "-" "UA \\" x"${r.extra.map((e) => ` ${e}`).join('')}`),
  fc.string(),
  fc.string({ unit: 'binary' }),
);

/** A parsed line must become an event a store can hold: finite numbers, strings where strings go. */
function expectStorable(line: string, parse: typeof parseNdjsonLine): void {
  const r = parse(line);
  if ('problem' in r) {
    expect(typeof r.problem).toBe('string');
    return;
  }
  const e = derive(r, line);
  expect(Number.isFinite(e.ts)).toBe(true);
  expect(Number.isSafeInteger(e.status)).toBe(true);
  expect(Number.isFinite(e.latencyMs)).toBe(true);
  expect(typeof e.operatorId).toBe('string');
  expect(e.path.startsWith('/')).toBe(true);
  expect(['legacy', 'new']).toContain(e.servedBy);
}

describe('importers take arbitrary lines', () => {
  it('an NDJSON line is a storable event or a problem, never an exception (property)', () => {
    fc.assert(fc.property(ndjsonLine, (line) => expectStorable(line, parseNdjsonLine)), { numRuns: 2000 });
  });

  it('an access-log line is a storable event or a problem, never an exception (property)', () => {
    fc.assert(fc.property(accessLogLine, (line) => expectStorable(line, parseAccessLogLine)), { numRuns: 2000 });
  });

  it('a whole file of arbitrary lines imports the good ones and names each bad one by line number (property)', async () => {
    const store = await openStore(`sqlite:${join(dir, 'p.db')}`);
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.oneof(ndjsonLine, accessLogLine), { maxLength: 20 }), fc.constantFrom('ndjson', 'access-log') as fc.Arbitrary<'ndjson' | 'access-log'>, async (lines, format) => {
          const file = join(dir, `f${n++}.txt`);
          // readline splits on CR, LF and CRLF; keep one line per entry so numbers can be checked
          const clean = lines.map((l) => l.replace(/[\r\n\u2028\u2029]/g, ' '));
          writeFileSync(file, clean.join('\n'));
          const out = await importEventsFile(store, file, CONFIG, { format });
          // readline reads no line after a final newline
          const read = clean.at(-1) === '' ? clean.slice(0, -1) : clean;
          expect(out.lines).toBe(read.length);
          for (const issue of out.issues) {
            expect(issue.code).toBe(format === 'ndjson' ? 'AHT_ERR_BAD_EVENT_LINE' : 'AHT_ERR_BAD_ACCESS_LOG_LINE');
            expect(clean[issue.line - 1].trim()).not.toBe('');
          }
          const blank = read.filter((l) => l.trim() === '').length;
          expect(out.valid + out.issues.length + blank).toBe(out.lines);
        }),
        { numRuns: 150 },
      );
    } finally {
      await store.close();
    }
  });
});

describe('regressions found by the properties', () => {
  const base = { ts: '2024-05-01T09:00:00Z', operator_id: 'alice', method: 'GET', path: '/api/inquiries/7', status: 200, latency_ms: 1, served_by: 'legacy' };
  it('NDJSON status 1e300 and latency_ms 1e400 (Infinity) are bad lines, not events', () => {
    expect('problem' in parseNdjsonLine(JSON.stringify({ ...base, status: 1e300 }))).toBe(true);
    expect('problem' in parseNdjsonLine(JSON.stringify({ ...base, status: 0 }))).toBe(true);
    expect('problem' in parseNdjsonLine(JSON.stringify(base).replace('"latency_ms":1', '"latency_ms":1e400'))).toBe(true);
    expect('problem' in parseNdjsonLine(JSON.stringify(base))).toBe(false);
  });
  it('access-log day 00, 31 Feb, hour 25 and year 0099 are bad times, and a target without / is refused', () => {
    const line = (time: string, target = '/a') => `1.2.3.4 - - [${time}] "GET ${target} HTTP/1.1" 200 1 "-" "x" op=alice`;
    for (const t of ['00/Jan/2024:09:00:00 +0900', '31/Feb/2024:09:00:00 +0900', '01/Jan/2024:25:00:00 +0900', '01/Jan/2024:09:00:00 +0960']) {
      expect('problem' in parseAccessLogLine(line(t))).toBe(true);
    }
    const y99 = parseAccessLogLine(line('01/Jan/0099:00:00:00 +0000'));
    expect('problem' in y99 ? null : new Date(y99.ts).getUTCFullYear()).toBe(99);
    expect('problem' in parseAccessLogLine(line('01/Jan/2024:09:00:00 +0900', '0'))).toBe(true);
    expect('problem' in parseAccessLogLine(line('29/Feb/2024:09:00:00 +0900'))).toBe(false);
  });
});

describe('access-log lines that used to take exponential time', () => {
  // Under the bug 14 `a=a=a=a` fields took ~0.5 s and each more field ~3× that; 60 would never end. The guard
  // ends the worker far beyond the fixed time (milliseconds): a hang detector, not a speed assertion.
  it('regression (trailing fields like a=a=a=a backtracked exponentially): a line of 60 such fields is parsed', async () => {
    const execArgv = ['--import', new URL('../../shadow/ts-loader/register.mjs', import.meta.url).href];
    const worker = new Worker(new URL('./parse-long-line-worker.ts', import.meta.url), { execArgv });
    const out = await new Promise<unknown>((resolve, reject) => {
      const guard = setTimeout(() => void worker.terminate().then(() => resolve('hung')), 30_000);
      worker.once('message', (m) => {
        clearTimeout(guard);
        void worker.terminate().then(() => resolve(m));
      });
      worker.once('error', reject);
    });
    expect(out).toEqual({ bad: true, good: 'alice' });
  }, 40_000);
});
