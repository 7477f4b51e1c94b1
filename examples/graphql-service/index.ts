export { startGraphqlService, createSampleSchema } from './server.js';
export type { GraphqlService, GraphqlServiceOptions, FailMode } from './server.js';
export type { QueryCounts } from './sql-gateway.js';
export { sampleSchemaFile, sampleSchemaSdl } from './sdl.js';
