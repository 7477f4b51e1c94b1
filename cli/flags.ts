import type { Command } from 'commander';
import { flagHistory, listFlags, panic, resolveGate, setRouteFlag } from '../flags/index.js';
import type { GateFailedError } from '../flags/index.js';
import type { Flag, FlagAudit } from '../model/index.js';
import { cliActor, openCliStore, reportCliError, withStoreOptions, withTokenOption } from './store-target.js';
import type { StoreTargetOptions } from './store-target.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const state = (s: FlagAudit['to'] | null): string => (s === null ? '(none)' : `${s.mode} percent=${s.percent} sample=${s.sample}`);

function printFlags(flags: Flag[]): void {
  if (flags.length === 0) { process.stdout.write('no flags (start the proxy once with a config to seed them)\n'); return; }
  for (const f of flags) {
    process.stdout.write(`${f.routeId}\t${f.mode}\tpercent=${f.percent}\tsample=${f.sample}\t${iso(f.updatedAt)}\t${f.updatedBy}\n`);
  }
}

/** `strangler flags list|set|history|panic`: route flags with an audit trail. */
export function register(program: Command): void {
  const flags = program.command('flags').description('list, change and audit route flags');

  withStoreOptions(flags.command('list').description('show every route flag').option('--json', 'print JSON'))
    .action(async (opts: StoreTargetOptions & { json?: boolean }) => {
      try {
        const { store } = await openCliStore(opts, { readOnly: true });
        try {
          const all = await listFlags(store);
          if (opts.json === true) process.stdout.write(`${JSON.stringify(all)}\n`);
          else printFlags(all);
        } finally {
          await store.close();
        }
      } catch (err) {
        reportCliError(err);
      }
    });

  withTokenOption(withStoreOptions(
    flags.command('set')
      .description('change a route flag (canary/new must pass the gate unless --force)')
      .argument('<route>', 'route id')
      .argument('<mode>', 'legacy, shadow, canary or new')
      .option('--percent <n>', 'canary share of operators, 0..100')
      .option('--sample <f>', 'shadow sample fraction, 0..1')
      .requiredOption('--reason <text>', 'why (kept in the audit trail)')
      .option('--force', 'go past a failing gate (the audit row says so)'),
  )).action(async (route: string, mode: string, opts: StoreTargetOptions & { percent?: string; sample?: string; reason: string; force?: boolean; tokenFile?: string }) => {
    try {
      const { store, config } = await openCliStore(opts);
      try {
        const out = await setRouteFlag(store, {
          routeId: route, mode, reason: opts.reason, force: opts.force === true, actor: cliActor(opts, config),
          percent: opts.percent !== undefined ? Number(opts.percent) : undefined,
          sample: opts.sample !== undefined ? Number(opts.sample) : undefined,
        }, (await resolveGate(store, config?.gate ?? null)).options);
        if (out.forced) process.stdout.write(`gate forced: ${out.gate?.reasons.join('; ')}\n`);
        printFlags([out.flag]);
      } finally {
        await store.close();
      }
    } catch (err) {
      reportCliError(err);
      const verdict = (err as Partial<GateFailedError>).verdict;
      if (verdict !== undefined) {
        for (const r of verdict.reasons) process.stderr.write(`  - ${r}\n`);
        process.exitCode = 1;
      }
    }
  });

  withStoreOptions(
    flags.command('history').description('show the audit trail').argument('[route]', 'one route only').option('--json', 'print JSON'),
  ).action(async (route: string | undefined, opts: StoreTargetOptions & { json?: boolean }) => {
    try {
      const { store } = await openCliStore(opts, { readOnly: true });
      try {
        const rows = await flagHistory(store, route);
        if (opts.json === true) { process.stdout.write(`${JSON.stringify(rows)}\n`); return; }
        for (const a of rows) {
          process.stdout.write(`${iso(a.ts)}\t${a.routeId}\t${a.actor}\t${state(a.from)} -> ${state(a.to)}\t${a.reason}\n`);
        }
      } finally {
        await store.close();
      }
    } catch (err) {
      reportCliError(err);
    }
  });

  withTokenOption(withStoreOptions(
    flags.command('panic').description('send every route to legacy now').requiredOption('--reason <text>', 'why (kept in the audit trail)'),
  )).action(async (opts: StoreTargetOptions & { reason: string; tokenFile?: string }) => {
    try {
      const { store, config } = await openCliStore(opts);
      try {
        printFlags(await panic(store, cliActor(opts, config), opts.reason));
      } finally {
        await store.close();
      }
    } catch (err) {
      reportCliError(err);
    }
  });
}
