import type { Command } from 'commander';
import { parseDuration } from '../store/index.js';
import { openCliStore, reportCliError, withStoreOptions } from './store-target.js';
import type { StoreTargetOptions } from './store-target.js';

/** `strangler prune --older-than 30d`: retention for events and shadow results. */
export function register(program: Command): void {
  withStoreOptions(
    program.command('prune')
      .description('delete request events and shadow results older than a duration')
      .requiredOption('--older-than <duration>', 'e.g. 30d, 12h, 15m'),
  ).action(async (opts: StoreTargetOptions & { olderThan: string }) => {
    try {
      const cutoff = Date.now() - parseDuration(opts.olderThan);
      const { store } = await openCliStore(opts);
      try {
        const out = await store.prune(cutoff);
        process.stdout.write(`pruned ${out.requestEvents} request events and ${out.shadowResults} shadow results older than ${new Date(cutoff).toISOString()}\n`);
      } finally {
        await store.close();
      }
    } catch (err) {
      reportCliError(err);
    }
  });
}
