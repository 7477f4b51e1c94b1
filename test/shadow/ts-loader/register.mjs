// Lets a worker thread started from TypeScript sources (under vitest) load .ts modules.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
