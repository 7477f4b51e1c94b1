export type { RouteMode, Flag, FlagAudit } from './flag.js';
export type { RequestEvent, ServedBy } from './request-event.js';
export type { ShadowResult, ShadowKind } from './shadow-result.js';
export type { Difference, DifferenceKind } from './difference.js';
