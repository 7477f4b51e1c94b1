import { Kind, TypeInfo, parse, validate, visit, visitWithTypeInfo } from 'graphql';
import type { ASTNode, DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import type { CodedError } from '../errors/index.js';
import type { Adapter } from './define-adapter.js';
import { ADP_ERR_INVALID_DOCUMENT } from './errors.js';

/** One problem with one adapter's document. */
export interface AdapterIssue {
  adapter: string;
  route: string;
  /** Which document: the main one or the dry-run form. */
  document: 'main' | 'dryRun';
  /** `Type.field` the problem is about, when graphql names a field. */
  field: string | null;
  /** graphql's own message. */
  message: string;
}

/** Validate every adapter's documents against the schema with graphql's `validate`. Returns issues; never throws. */
export function validateAdapters(adapters: readonly Adapter[], schema: GraphQLSchema): AdapterIssue[] {
  const issues: AdapterIssue[] = [];
  for (const a of adapters) {
    const docs: ['main' | 'dryRun', string][] = [['main', a.document]];
    if (a.dryRun && a.dryRun.document !== a.document) docs.push(['dryRun', a.dryRun.document]);
    for (const [which, text] of docs) {
      const base = { adapter: a.name, route: a.route, document: which };
      let doc: DocumentNode;
      try {
        doc = parse(text);
      } catch (err) {
        issues.push({ ...base, field: null, message: (err as GraphQLError).message });
        continue;
      }
      const errors = validate(schema, doc);
      if (errors.length === 0) continue;
      const fields = fieldNames(schema, doc);
      for (const e of errors) issues.push({ ...base, field: firstField(e, fields), message: e.message });
    }
  }
  return issues;
}

/** The result of {@link checkAdapters}. */
export interface AdapterCheck {
  issues: AdapterIssue[];
  /** Names of adapters whose routes must stay on legacy (only with `legacy-only`). */
  legacyOnly: ReadonlySet<string>;
}

/** ADP_ERR_INVALID_DOCUMENT with every issue attached. */
export type InvalidDocumentError = CodedError & { issues: AdapterIssue[] };

/**
 * The start-up check: with `fail` (default) any issue throws ADP_ERR_INVALID_DOCUMENT (naming the
 * first adapter, field and graphql's message; all issues on `err.issues`); with `legacy-only` the
 * adapters with issues are listed in `legacyOnly` and each issue is passed to `warn`.
 */
export function checkAdapters(
  adapters: readonly Adapter[],
  schema: GraphQLSchema,
  options: { onInvalidAdapter?: 'fail' | 'legacy-only'; warn?: (issue: AdapterIssue) => void } = {},
): AdapterCheck {
  const issues = validateAdapters(adapters, schema);
  if (issues.length > 0 && (options.onInvalidAdapter ?? 'fail') === 'fail') {
    const first = issues[0];
    const err = ADP_ERR_INVALID_DOCUMENT(first.adapter, first.field ?? 'no field', first.message) as InvalidDocumentError;
    err.issues = issues;
    throw err;
  }
  for (const issue of issues) options.warn?.(issue);
  return { issues, legacyOnly: new Set(issues.map((i) => i.adapter)) };
}

/** `Type.field` for every field node whose parent type is known. */
function fieldNames(schema: GraphQLSchema, doc: DocumentNode): Map<ASTNode, string> {
  const names = new Map<ASTNode, string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    doc,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        names.set(node, parent ? `${parent.name}.${node.name.value}` : node.name.value);
      },
    }),
  );
  return names;
}

function firstField(err: GraphQLError, names: Map<ASTNode, string>): string | null {
  for (const node of err.nodes ?? []) {
    if (node.kind === Kind.FIELD) return names.get(node) ?? node.name.value;
  }
  return null;
}
