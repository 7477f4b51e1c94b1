import type { Command } from 'commander';
import { openCliStore, reportCliError, withStoreOptions } from './store-target.js';
import type { StoreTargetOptions } from './store-target.js';

/** `strangler migrate`: bring the store's schema up to date (also done at every start). */
export function register(program: Command): void {
  withStoreOptions(program.command('migrate').description('run pending store migrations (idempotent)'))
    .action(async (opts: StoreTargetOptions) => {
      try {
        const { store } = await openCliStore(opts);
        const [row] = await store.query<{ v: number }>('SELECT MAX(version) AS v FROM schema_migrations');
        await store.close();
        process.stdout.write(`store schema at version ${Number(row?.v ?? 0)} (${store.dialect})\n`);
      } catch (err) {
        reportCliError(err);
      }
    });
}
