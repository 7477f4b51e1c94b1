export { seedSampleData } from './seed.js';
export type { SeedOptions, SeedSummary } from './seed.js';
export { createPrng } from './prng.js';
export type { Prng } from './prng.js';
export { SAMPLE_SCHEMA_SQL, INQUIRY_STATUSES } from './schema.js';
