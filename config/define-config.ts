import type { StranglerConfigInput } from './strangler-config-input.js';

/**
 * Type a configuration written in TypeScript (for `startStrangler`): an editor completes every key,
 * and a misspelt key or mode fails to compile. It returns the object as given; validation, defaults
 * and the cross-field rules run once, when it is started.
 */
export function defineConfig(config: StranglerConfigInput): StranglerConfigInput {
  return config;
}
