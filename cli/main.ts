#!/usr/bin/env node
/** `strangler …`: one file per command under cli/; this file only assembles them. */
import { Command } from 'commander';

const program = new Command();
program
  .name('strangler')
  .description('Strangle a legacy CS back office into a GraphQL stack, one route at a time.')
  .showHelpAfterError();

// Each command module exports `register(program)`; one line per command.

await program.parseAsync(process.argv);
