import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Path of schema.graphql. tsc does not copy it into dist/, so the compiled module looks for it
 * beside its source as well.
 */
export function sampleSchemaFile(): string {
  const here = fileURLToPath(new URL('./schema.graphql', import.meta.url));
  const candidates = [here, here.replace(/([/\\])dist([/\\])examples([/\\])/, '$1examples$3')];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`schema.graphql not found near ${here}`);
  return found;
}

/** The sample service's SDL text. */
export function sampleSchemaSdl(): string {
  return readFileSync(sampleSchemaFile(), 'utf8');
}
