import type { Command } from 'commander';
import { importEventsFile, importFormat } from '../aht/index.js';
import { redactCaseId, redactPath, type RedactOptions } from '../compare/index.js';
import { ensureStoredRedactKey } from '../store/index.js';
import { openCliStore, reportCliError, withStoreOptions } from './store-target.js';
import type { StoreTargetOptions } from './store-target.js';

/** `strangler events import FILE [--format ndjson|access-log]`: load past requests for baseline AHT. */
export function register(program: Command): void {
  const events = program.command('events').description('request events: import history for AHT');
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
