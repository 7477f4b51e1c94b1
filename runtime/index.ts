export { startStrangler, startControlPlane } from './start-strangler.js';
export type { RunningStrangler } from './start-strangler.js';
export { createLogDestination } from './log-destination.js';
export { tuneV8ForProxy } from './v8-tuning.js';
