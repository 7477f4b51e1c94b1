export { startStrangler, startControlPlane, controlPlanePlugins, REDACT_KEY_NAME } from './start-strangler.js';
export type { RunningStrangler, StartStranglerOptions } from './start-strangler.js';
export { createLogDestination } from './log-destination.js';
export type { LogDestination } from './log-destination.js';
export { proxyV8Flags, tuneV8ForProxy } from './v8-tuning.js';
