export { runDemo } from './run-demo.js';
export type { DemoOptions, DemoResult } from './run-demo.js';
export { driveOperators } from './operators.js';
export type { OperatorStats, DriveOperatorsOptions } from './operators.js';
