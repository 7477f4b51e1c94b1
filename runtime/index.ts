export { startStrangler, startControlPlane, controlPlanePlugins } from './start-strangler.js';
export type { RunningStrangler, StartStranglerOptions } from './start-strangler.js';
