export { startStrangler } from './start-strangler.js';
export type { RunningStrangler, StartStranglerOptions } from './start-strangler.js';
