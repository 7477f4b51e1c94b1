import { InvalidArgumentError, type Command } from 'commander';
import { importEventsFile, importFormat } from '../aht/index.js';
import type { StranglerConfig } from '../config/index.js';
import { createEventRedaction } from '../proxy/index.js';
import type { EventRedaction } from '../proxy/index.js';
import { redactCaseId, redactPath, type RedactOptions } from '../compare/index.js';
import { ensureStoredRedactKey, eventsAfter, parseDuration, readStoredRedactKey, recentEvents } from '../store/index.js';
import type { SequencedEvent, Store } from '../store/index.js';
import type { RequestEvent } from '../model/index.js';
import { openCliStore, reportCliError, withStoreOptions } from './store-target.js';
import type { StoreTargetOptions } from './store-target.js';

/** Options of `events list` and `events tail`. */
interface ShowOptions extends StoreTargetOptions {
  limit: number;
  route?: string;
  since?: string;
  json?: boolean;
  interval?: string;
}

/** `strangler events import FILE [--format ndjson|access-log]`: load past requests for baseline AHT. */
export function register(program: Command): void {
  const events = program.command('events').description('request events: show recent ones, follow new ones, import history for AHT');
  withShowOptions(
    events.command('list').description('print the most recent request events, oldest first (paths and case ids redacted)'),
  )
    .option('--since <duration>', 'only events newer than this, e.g. 15m')
    .action(async (opts: ShowOptions) => {
      try {
        await withEventStore(opts, async (store, show) => {
          const sinceMs = opts.since === undefined ? undefined : Date.now() - parseDuration(opts.since);
          const rows = await recentEvents(store, { limit: opts.limit, routeId: opts.route, sinceMs });
          for (const row of rows) show(row);
          if (rows.length === 0 && opts.json !== true) process.stderr.write('no events (check the store, and --since or --route)\n');
        });
      } catch (err) {
        reportCliError(err);
      }
    });
  withShowOptions(
    events.command('tail').description('print the last events, then follow new ones as they are stored, until Ctrl-C'),
  )
    .option('--interval <duration>', 'how often the store is read', '1s')
    .action(async (opts: ShowOptions) => {
      try {
        const everyMs = parseDuration(opts.interval ?? '1s');
        await withEventStore(opts, async (store, show) => {
          let after = await store.committedSeq('request_events');
          for (const row of await recentEvents(store, { limit: opts.limit, routeId: opts.route })) show(row);
          const stop = new AbortController();
          const onSignal = () => stop.abort();
          process.once('SIGINT', onSignal);
          process.once('SIGTERM', onSignal);
          try {
            while (!stop.signal.aborted) {
              // Events are written in batches (store.flushIntervalMs): they appear here when their batch commits.
              for (const row of await eventsAfter(store, after, { routeId: opts.route })) {
                after = Math.max(after, row.seq);
                show(row);
              }
              await new Promise((resolve) => { const t = setTimeout(resolve, everyMs); stop.signal.addEventListener('abort', () => { clearTimeout(t); resolve(null); }, { once: true }); });
            }
          } finally {
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
          }
        });
      } catch (err) {
        reportCliError(err);
      }
    });
  withStoreOptions(
    events
      .command('import <file>')
      .description('import requests from NDJSON (default) or an access log; route and case come from the config')
      .option('--format <format>', 'ndjson | access-log', 'ndjson'),
  ).action(async (file: string, opts: StoreTargetOptions & { format: string }) => {
    try {
      const format = importFormat(opts.format);
      const { store, config, storeName } = await openCliStore(opts, { bulk: true });
      try {
        const cfg = config ?? { routes: [], aht: { cases: [], maxDurationMs: 0, idleGapMs: 0, equivalenceMarginS: 0 } };
        // Imported events are redacted like live ones, under the proxies' key (made and kept in the store if none yet).
        const secret = process.env.STRANGLER_REDACT_KEY || config?.shadow.redact.secret || (await ensureStoredRedactKey(store));
        const r: RedactOptions = { secret, allow: config?.shadow.redact.allow, routes: config?.routes.map((x) => x.path) };
        const out = await importEventsFile(store, file, cfg, { format, redact: { path: (p) => redactPath(p, r), caseId: (id) => redactCaseId(id, r) } });
        for (const e of out.issues) process.stderr.write(`${e.code}: ${e.message}\n`);
        process.stdout.write(
          `imported ${out.added} events from ${out.valid} valid lines of ${out.lines} (${out.valid - out.added} already present, ${out.issues.length} bad lines skipped) into the store ${storeName}\n`,
        );
        if (config === null) process.stdout.write('note: no --config, so no route or case ids were derived\n');
        if (out.issues.length > 0) process.exitCode = 1;
      } finally {
        await store.close();
      }
    } catch (err) {
      reportCliError(err);
    }
  });
}

/** `--limit`, `--route`, `--json` and the store options that `list` and `tail` share. */
function withShowOptions(cmd: Command): Command {
  return withStoreOptions(cmd)
    .option('--limit <n>', 'how many of the newest events', toCount, 50)
    .option('--route <id>', 'only this route')
    .option('--json', 'one JSON object a line (the stored event, redacted)');
}

function toCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return n;
}

/** Open the store, build the redaction the proxy uses (same key, so a hash matches the stored ones), and print through it. */
async function withEventStore(opts: ShowOptions, body: (store: Store, show: (row: SequencedEvent) => void) => Promise<void>): Promise<void> {
  const { store, config } = await openCliStore(opts, { readOnly: true });
  try {
    const redaction = createEventRedaction(redactConfig(config), await redactSecret(store, config), config?.routes);
    const show = (row: SequencedEvent): void => {
      const event = redacted(row.event, redaction);
      process.stdout.write(opts.json === true ? `${JSON.stringify(event)}\n` : `${formatEvent(event)}\n`);
    };
    await body(store, show);
  } finally {
    await store.close();
  }
}

function redactConfig(config: StranglerConfig | null): StranglerConfig['shadow']['redact'] {
  return config?.shadow.redact ?? { keys: [], paths: [], allow: [], secret: '' };
}

/** The key the proxy hashed with: the config's (or STRANGLER_REDACT_KEY), else the one kept in the store; never made here. */
async function redactSecret(store: Store, config: StranglerConfig | null): Promise<string | undefined> {
  const own = config?.shadow.redact.secret || process.env.STRANGLER_REDACT_KEY;
  if (own) return own;
  return (await readStoredRedactKey(store)) ?? undefined;
}

/** Paths and case ids pass the proxy's redaction again: events imported from access logs were never redacted. */
function redacted(event: RequestEvent, redaction: EventRedaction): RequestEvent {
  return { ...event, path: redaction.path(event.path), caseId: event.caseId === null ? null : redaction.caseId(event.caseId) };
}

/** One line: time, operator, method and path, status, latency, who served it, route, arm, case. */
export function formatEvent(e: RequestEvent): string {
  const served = e.fallback ? `${e.servedBy} (fallback)` : e.servedBy;
  return [
    new Date(e.ts).toISOString(), `op=${e.operatorId ?? '-'}`, `${e.method} ${e.path}`, String(e.status), `${e.latencyMs}ms`,
    served, `route=${e.routeId ?? '-'}`, `arm=${e.arm ?? '-'}`, `case=${e.caseId ?? '-'}`, e.instance,
  ].join('  ');
}
