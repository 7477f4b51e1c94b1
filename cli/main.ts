#!/usr/bin/env node
/** `strangler …`: one file per command under cli/; this file only assembles them. */
import { Command } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import { register as registerServe } from './serve.js';
import { register as registerMigrate } from './migrate.js';
import { register as registerPrune } from './prune.js';
import { register as registerFlags } from './flags.js';
import { register as registerGate } from './gate.js';
import { register as registerExport } from './export.js';
import { register as registerCompare } from './compare.js';
import { register as registerReport } from './report.js';
import { register as registerEvents } from './events.js';
import { register as registerDemo } from './demo.js';

const program = new Command();
program
  .name('strangler')
  .description('Strangle a legacy CS back office into a GraphQL stack, one route at a time.')
  .version(pkg.version)
  .showHelpAfterError();

// Each command module exports `register(program)`; one line per command.
registerServe(program);
registerMigrate(program);
registerPrune(program);
registerFlags(program);
registerGate(program);
registerExport(program);
registerCompare(program);
registerReport(program);
registerEvents(program);
registerDemo(program);

await program.parseAsync(process.argv);
