/** `strangler compare` alone, for the CLI test: the same register() that cli/main.ts calls. */
import { Command } from 'commander';
import { register } from '../../cli/compare.js';

const program = new Command().name('strangler');
register(program);
await program.parseAsync(process.argv);
