import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import schema from '../../config/strangler.schema.json' with { type: 'json' };

// config/strangler-config-input.ts is written by hand to match config/strangler.schema.json, so that
// `defineConfig` completes every key and refuses a misspelt one. This test reads the type with the
// TypeScript compiler and walks both, so a key added to one and not the other fails here.
const FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'config', 'strangler-config-input.ts');

type Node = Record<string, unknown>;

/** Every disagreement between the schema and the type, one line each (`$.key.path: what`). */
function drift(rootSchema: Node): string[] {
  const program = ts.createProgram([FILE], { strict: true, noEmit: true, types: [] });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(FILE)!;
  const decl = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'StranglerConfigInput')!;
  const out: string[] = [];

  const resolve = (node: Node): Node => {
    const ref = node.$ref;
    if (typeof ref !== 'string') return node;
    const name = ref.replace('#/definitions/', '');
    return { ...(rootSchema.definitions as Record<string, Node>)[name], ...node, $ref: undefined };
  };
  const members = (ts_: readonly ts.Type[]): ts.Type[] => ts_.flatMap((t) => (t.isUnion() ? t.types : [t]));
  const objects = (t: readonly ts.Type[]) => members(t).filter((m) => (m.flags & ts.TypeFlags.Object) !== 0 && !checker.isArrayType(m));
  const arrays = (t: readonly ts.Type[]) => members(t).filter((m) => checker.isArrayType(m));
  const typeOf = (sym: ts.Symbol) => checker.getTypeOfSymbol(sym);

  const walk = (raw: Node, type: readonly ts.Type[], path: string): void => {
    const node = resolve(raw);
    const types = ([] as unknown[]).concat(node.type ?? []);
    const hasNull = members(type).some((m) => (m.flags & ts.TypeFlags.Null) !== 0);
    if (types.includes('null') !== hasNull) out.push(`${path}: null ${types.includes('null') ? 'allowed by the schema only' : 'allowed by the type only'}`);
    if (Array.isArray(node.enum)) {
      const literals = members(type).filter((m) => m.isStringLiteral()).map((m) => (m as ts.StringLiteralType).value);
      if ([...node.enum].sort().join() !== [...new Set(literals)].sort().join()) {
        out.push(`${path}: schema enum ${JSON.stringify(node.enum)}, type ${JSON.stringify(literals)}`);
      }
    }
    if (node.properties !== undefined) {
      const objs = objects(type);
      if (objs.length === 0) return void out.push(`${path}: an object in the schema, not in the type`);
      const props = new Map<string, ts.Symbol[]>();
      for (const o of objs) for (const p of o.getProperties()) props.set(p.name, [...(props.get(p.name) ?? []), p]);
      const keys = Object.keys(node.properties as Node);
      for (const k of keys) if (!props.has(k)) out.push(`${path}.${k}: in the schema, missing from the type`);
      for (const k of props.keys()) if (!keys.includes(k)) out.push(`${path}.${k}: in the type, missing from the schema`);
      const required = new Set((node.required as string[] | undefined) ?? []);
      for (const [k, syms] of props) {
        const always = syms.length === objs.length && syms.every((s) => (s.flags & ts.SymbolFlags.Optional) === 0);
        if (always !== required.has(k)) out.push(`${path}.${k}: ${required.has(k) ? 'required by the schema, optional in the type' : 'required in the type, optional in the schema'}`);
        const child = (node.properties as Record<string, Node>)[k];
        if (child !== undefined) walk(child, syms.map(typeOf), `${path}.${k}`);
      }
    }
    const items = node.items as Node | undefined;
    if (items !== undefined && types.includes('array')) {
      const arr = arrays(type);
      if (arr.length === 0) return void out.push(`${path}: an array in the schema, not in the type`);
      walk(items, arr.map((a) => checker.getTypeArguments(a as ts.TypeReference)[0]!), `${path}[]`);
    }
  };

  walk(rootSchema, [checker.getTypeAtLocation(decl.name)], '$');
  return out;
}

describe('StranglerConfigInput (the type of defineConfig)', () => {
  it('has every key of config/strangler.schema.json, the same required keys, enums and nulls', () => {
    expect(drift(schema as Node)).toEqual([]);
  }, 60_000);

  it('reports a key, an enum value or a required key that the type lacks', () => {
    const changed = structuredClone(schema) as unknown as Node & { properties: Record<string, Node & { properties: Record<string, Node> }> };
    changed.properties.server.properties.backlog = { type: 'integer' };
    (changed.properties.routes as unknown as { items: Node & { properties: Record<string, Node> } }).items.properties.mode.enum = ['legacy', 'shadow', 'canary', 'new', 'dark'];
    changed.properties.store.required = ['url'];
    expect(drift(changed)).toEqual([
      '$.server.backlog: in the schema, missing from the type',
      '$.routes[].mode: schema enum ["legacy","shadow","canary","new","dark"], type ["legacy","shadow","canary","new"]',
      '$.store.url: required by the schema, optional in the type',
    ]);
  }, 60_000);
});
