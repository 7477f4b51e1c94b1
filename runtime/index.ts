export { startStrangler, startControlPlane, controlPlanePlugins } from './start-strangler.js';
export type { RunningStrangler, StartStranglerOptions } from './start-strangler.js';
export { createLogDestination } from './log-destination.js';
export type { LogDestination } from './log-destination.js';
