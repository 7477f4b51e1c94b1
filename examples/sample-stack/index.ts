export { startSampleStack } from './start-sample-stack.js';
export type { SampleStack, SampleStackOptions } from './start-sample-stack.js';
