export { createShadowRunner } from './experiment.js';
export type {
  CompareFn,
  NoiseLearner,
  Redactor,
  ResultSink,
  ShadowRoute,
  ShadowRunner,
  ShadowRunnerOptions,
  ShadowRequestHead,
  ShadowTap,
} from './experiment.js';
export type { ShadowCandidate, ShadowRequest, CandidateCallOptions } from './candidate.js';
export { createHttpReplay, httpCandidate, SHADOW_HEADER } from './http-replay.js';
export type { HttpReplay } from './http-replay.js';
export { observe } from './observation.js';
export type { Observation, ObservationSide } from './observation.js';
export { teeStream } from './tee.js';
export type { TeeResult } from './tee.js';
export { decodeBody, decodeBodySync } from './decode.js';
export type { DecodedBody } from './decode.js';
export { createSampler, isSafeMethod } from './sampler.js';
export type { Sampler } from './sampler.js';
export { createLimiter } from './limiter.js';
export type { Limiter, LimiterOptions, Job } from './limiter.js';
export { createShadowMetrics } from './metrics.js';
export type { ShadowMetrics } from './metrics.js';
export { createMemorySink } from './memory-sink.js';
export type { MemorySink } from './memory-sink.js';
export { SHD_ERR_TIMEOUT, SHD_ERR_CANDIDATE_FAILED, SHD_ERR_DECODE, SHD_ERR_PRIMARY_INCOMPLETE, SHD_ERR_NO_CANDIDATE, SHD_ERR_COMPARE_WORKER } from './errors.js';
export { createShadowFromConfig, createRedactor, defaultCompareWorkers } from './shadow-from-config.js';
export { createComparePool, packBatch, unpackBatch } from './threads/compare-pool.js';
export type { ComparePool, ComparePoolOptions, CompareOffload, OffloadTask, OffloadResult } from './threads/compare-pool.js';
export { compareJob, createCompareJob } from './compare-job.js';
export type { CompareTask, CompareReply, CompareSetup, CompareSteps } from './compare-job.js';
export type { FailureStage, ShadowFailure } from './failure.js';
export { storedRequestPath, redactStoredPath, redactKeptQueryValue } from './kept-query.js';
export type { ConfiguredShadow } from './shadow-from-config.js';
export { adapterCandidate } from './adapter-candidate.js';
export { withDeadline } from './with-deadline.js';
export { shadowModeHandler, shadowModeHandlers } from './shadow-mode.js';
