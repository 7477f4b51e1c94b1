import { parse, validate } from 'graphql';
import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';

/** A parsed and validated document, or why it is not one. */
export type PreparedDocument =
  | { ok: true; document: DocumentNode }
  | { ok: false; stage: 'parse' | 'validate'; errors: readonly GraphQLError[] };

/**
 * Parse and validate each distinct query text once: clients (adapters) send the same few documents
 * over and over, and validation costs more than executing a small query.
 * Bounded; the oldest entry goes first.
 */
export function createDocumentCache(schema: GraphQLSchema, maxEntries = 500): (query: string) => PreparedDocument {
  const cache = new Map<string, PreparedDocument>();
  return (query) => {
    const hit = cache.get(query);
    if (hit) return hit;
    let prepared: PreparedDocument;
    try {
      const document = parse(query);
      const errors = validate(schema, document);
      prepared = errors.length > 0 ? { ok: false, stage: 'validate', errors } : { ok: true, document };
    } catch (err) {
      prepared = { ok: false, stage: 'parse', errors: [err as GraphQLError] };
    }
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
    cache.set(query, prepared);
    return prepared;
  };
}
