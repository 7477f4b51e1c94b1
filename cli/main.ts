#!/usr/bin/env node
/** `strangler …`: one file per command under cli/; this file only assembles them. */
import { Command } from 'commander';
import pkg from '../package.json' with { type: 'json' };

/** Each command module exports `register(program)`; one line per command. */
const COMMANDS: Record<string, () => Promise<{ register(program: Command): void }>> = {
  serve: () => import('./serve.js'),
  migrate: () => import('./migrate.js'),
  prune: () => import('./prune.js'),
  flags: () => import('./flags.js'),
  gate: () => import('./gate.js'),
  export: () => import('./export.js'),
  compare: () => import('./compare.js'),
  report: () => import('./report.js'),
  events: () => import('./events.js'),
  demo: () => import('./demo.js'),
};

const program = new Command();
program
  .name('strangler')
  .description('Strangle a legacy CS back office into a GraphQL stack, one route at a time.')
  .version(pkg.version)
  .showHelpAfterError()
  // One rule for every command: help and --version exit 0, any usage error (unknown command or option,
  // missing or invalid argument) exits 2. Subcommands inherit this when they are created below.
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));

// Only the command being run is loaded: `serve` then carries none of the demo's sample stack, the
// reports or the BigQuery client, which start-up time, memory and the proxy's own speed all feel (a
// serve process that had loaded every command measured slower per request). Help, a typo or no
// command loads them all, so the listing and commander's suggestions stay complete.
const wanted = process.argv[2];
const names = wanted !== undefined && Object.hasOwn(COMMANDS, wanted) ? [wanted] : Object.keys(COMMANDS);
for (const name of names) (await COMMANDS[name]!()).register(program);

await program.parseAsync(process.argv);
