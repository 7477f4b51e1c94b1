import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Store } from '../../store/store.js';
import type { RequestEvent } from '../../model/request-event.js';
import type { CodedError } from '../../errors/index.js';
import type { AhtReportConfig } from '../build-report.js';
import { AHT_ERR_BAD_ACCESS_LOG_LINE, AHT_ERR_BAD_EVENT_LINE, AHT_ERR_UNKNOWN_FORMAT } from '../errors.js';
import { createEventDeriver } from './derive-event.js';
import { parseNdjsonLine } from './ndjson-line.js';
import { parseAccessLogLine } from './access-log-line.js';

/** The import formats. */
export type ImportFormat = 'ndjson' | 'access-log';

/** What an import did: lines read, events added (re-imported lines are not added again), bad lines. */
export interface ImportOutcome {
  lines: number;
  valid: number;
  added: number;
  /** One coded error per bad line (AHT_ERR_BAD_EVENT_LINE / AHT_ERR_BAD_ACCESS_LOG_LINE), with `line`. */
  issues: (CodedError & { line: number })[];
}

/** Check a `--format` value (throws AHT_ERR_UNKNOWN_FORMAT). */
export function importFormat(text: string): ImportFormat {
  if (text === 'ndjson' || text === 'access-log') return text;
  throw new AHT_ERR_UNKNOWN_FORMAT(text);
}

/**
 * Import a file of past requests into `request_events`, route and case derived from the config. Bad lines
 * are reported with their numbers and skipped; the rest are written in batches.
 */
export async function importEventsFile(
  store: Store,
  file: string,
  config: AhtReportConfig,
  opts: {
    format: ImportFormat;
    instance?: string;
    batchSize?: number;
    /** compare/'s redaction of the path and case id, as the proxy applies it to live events (after routes and cases are derived from the raw path). */
    redact?: { path(path: string): string; caseId(caseId: string): string };
  },
): Promise<ImportOutcome> {
  const derive = createEventDeriver(config, opts.instance ?? `import:${opts.format}`);
  const parse = opts.format === 'ndjson' ? parseNdjsonLine : parseAccessLogLine;
  const bad = opts.format === 'ndjson' ? AHT_ERR_BAD_EVENT_LINE : AHT_ERR_BAD_ACCESS_LOG_LINE;
  const batchSize = opts.batchSize ?? 5000;
  const out: ImportOutcome = { lines: 0, valid: 0, added: 0, issues: [] };
  const before = await countEvents(store);
  let batch: RequestEvent[] = [];
  // One batch is written while the next is parsed (the SQLite writer thread or MySQL works meanwhile).
  let writing: Promise<void> = Promise.resolve();
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of rl) {
    out.lines++;
    if (line.trim() === '') continue;
    const r = parse(line);
    if ('problem' in r) {
      out.issues.push(Object.assign(new bad(out.lines, r.problem), { line: out.lines }));
      continue;
    }
    out.valid++;
    const event = derive(r, line);
    if (opts.redact !== undefined) {
      event.path = opts.redact.path(event.path);
      if (event.caseId !== null) event.caseId = opts.redact.caseId(event.caseId);
    }
    batch.push(event);
    if (batch.length >= batchSize) {
      await writing;
      writing = store.insertEvents(batch);
      // A failed write is awaited (and thrown) at the next batch or the end, never left unhandled.
      writing.catch(() => undefined);
      batch = [];
    }
  }
  await writing;
  if (batch.length > 0) await store.insertEvents(batch);
  out.added = (await countEvents(store)) - before;
  return out;
}

async function countEvents(store: Store): Promise<number> {
  const [row] = await store.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM request_events');
  return Number(row.n);
}
