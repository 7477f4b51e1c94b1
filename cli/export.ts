import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { exportToBigQuery, exportToNdjson, parseDuration, readStoredRedactKey, STORE_ERR_NO_REDACT_KEY } from '../store/index.js';
import type { ExportProgress, Store } from '../store/index.js';
import type { StranglerConfig } from '../config/index.js';
import { openCliStore, reportCliError, withStoreOptions } from './store-target.js';
import type { StoreTargetOptions } from './store-target.js';

/** Progress on a terminal as bars, elsewhere as plain lines (logs stay readable). */
function progressReporter(): { onProgress(p: ExportProgress): void; stop(): void } {
  if (process.stderr.isTTY !== true) {
    let last = '';
    return {
      onProgress(p) {
        const line = `${p.table}: ${p.done}/${p.total}`;
        if (line !== last) process.stderr.write(`${line}\n`);
        last = line;
      },
      stop() {},
    };
  }
  const multi = new cliProgress.MultiBar(
    { format: '{table} [{bar}] {value}/{total}', stream: process.stderr, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  let stopped = false;
  return {
    onProgress(p) {
      let bar = bars.get(p.table);
      if (bar === undefined) {
        bar = multi.create(p.total, 0, { table: p.table.padEnd(14) });
        bars.set(p.table, bar);
      }
      bar.setTotal(p.total);
      bar.update(p.done, { table: p.table.padEnd(14) });
    },
    stop() {
      if (!stopped) multi.stop();
      stopped = true;
    },
  };
}

const sinceOf = (since: string | undefined): number | undefined => (since === undefined ? undefined : Date.now() - parseDuration(since));

/**
 * The key `--pseudonymise-operators` hashes with: the redaction key of the running proxies
 * (STRANGLER_REDACT_KEY, the config's shadow.redact.secret, else the key kept in the store), so one
 * operator has one pseudonym in every export.
 */
async function operatorKey(wanted: boolean | undefined, store: Store, config: StranglerConfig | null): Promise<string | null> {
  if (wanted !== true) return null;
  const key = process.env.STRANGLER_REDACT_KEY || config?.shadow.redact.secret || (await readStoredRedactKey(store));
  if (!key) throw new STORE_ERR_NO_REDACT_KEY('set STRANGLER_REDACT_KEY (the key the proxies use), or start strangler once against this store so it keeps one');
  return key;
}

/** `strangler export bigquery|ndjson`: hand the stored (already redacted) events and shadow results to analysis. */
export function register(program: Command): void {
  const exp = program.command('export').description('export request events and shadow results');

  withStoreOptions(
    exp.command('bigquery')
      .description('copy new rows to BigQuery (incremental from a stored watermark, idempotent)')
      .requiredOption('--project <id>', 'Google Cloud project id')
      .requiredOption('--dataset <id>', 'BigQuery dataset (created when missing)')
      .option('--since <duration>', 'only rows newer than this, e.g. 7d')
      .option('--api-endpoint <url>', 'BigQuery API root (default https://bigquery.googleapis.com)')
      .option('--key-file <file>', 'service-account key file (default: Application Default Credentials)')
      .option('--location <loc>', 'dataset location when it is created', 'US')
      .option('--pseudonymise-operators', 'export operator_id as its keyed hash (the redaction key): stable ids without names'),
  ).action(async (opts: StoreTargetOptions & { project: string; dataset: string; since?: string; apiEndpoint?: string; keyFile?: string; location: string; pseudonymiseOperators?: boolean }) => {
    try {
      const sinceMs = sinceOf(opts.since);
      const { store, config } = await openCliStore(opts);
      const progress = progressReporter();
      try {
        const out = await exportToBigQuery(store, {
          operatorKey: await operatorKey(opts.pseudonymiseOperators, store, config),
          projectId: opts.project, datasetId: opts.dataset, location: opts.location, sinceMs,
          apiEndpoint: opts.apiEndpoint, keyFilename: opts.keyFile, onProgress: progress.onProgress,
        });
        progress.stop();
        for (const s of out) process.stdout.write(`${s.table}: exported ${s.exported} rows (watermark ${s.watermark})\n`);
      } finally {
        progress.stop();
        await store.close();
      }
    } catch (err) {
      reportCliError(err);
    }
  });

  withStoreOptions(
    exp.command('ndjson')
      .description('write newline-delimited JSON files and their BigQuery schema files')
      .requiredOption('--out <dir>', 'output folder')
      .option('--since <duration>', 'only rows newer than this, e.g. 7d')
      .option('--pseudonymise-operators', 'export operator_id as its keyed hash (the redaction key): stable ids without names'),
  ).action(async (opts: StoreTargetOptions & { out: string; since?: string; pseudonymiseOperators?: boolean }) => {
    try {
      const sinceMs = sinceOf(opts.since);
      const { store, config } = await openCliStore(opts);
      const progress = progressReporter();
      try {
        const operator = await operatorKey(opts.pseudonymiseOperators, store, config);
        const files = await exportToNdjson(store, { outDir: opts.out, sinceMs, operatorKey: operator, onProgress: progress.onProgress });
        progress.stop();
        for (const f of files) process.stdout.write(`${f.table}: ${f.rows} rows -> ${f.dataFile} (schema ${f.schemaFile})\n`);
      } finally {
        progress.stop();
        await store.close();
      }
    } catch (err) {
      reportCliError(err);
    }
  });
}
