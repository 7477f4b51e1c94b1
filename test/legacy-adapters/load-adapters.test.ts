import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { indexAdapters, isAdapter, loadAdapterModules, loadAdapters, requireAdapter } from '../../legacy-adapters/index.js';
import { exampleAdapters } from '../../examples/adapters/index.js';

const root = mkdtempSync(join(tmpdir(), 'strangler-adapters-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const definition = (name: string, route: string) => `{
  name: ${JSON.stringify(name)},
  route: ${JSON.stringify(route)},
  document: '{ user(id: "1") { id } }',
  variables: () => ({}),
  toLegacy: (r) => ({ status: 200, body: r.data }),
}`;

function folder(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

const codeOf = async (p: Promise<unknown>) => p.then(() => undefined, (err: { code?: string }) => err.code);

describe('loadAdapterModules', () => {
  it('collects the adapters of modules named by URL, an export re-exported counting once; a name twice is ADP_ERR_DUPLICATE, a module that throws ADP_ERR_LOAD', async () => {
    const dir = folder('modules', {
      'one.mjs': `export const a = ${definition('mod-a', 'GET /a')};`,
      'index.mjs': `export { a } from './one.mjs';\nexport const b = [${definition('mod-b', 'GET /b')}];`,
      'again.mjs': `export const a2 = ${definition('mod-a', 'GET /a2')};`,
      'throws.mjs': 'throw new Error("broken module");',
    });
    const url = (file: string) => pathToFileURL(join(dir, file)).href;
    expect((await loadAdapterModules([url('index.mjs'), url('one.mjs')])).map((a) => a.name)).toEqual(['mod-a', 'mod-b']);
    expect(await codeOf(loadAdapterModules([url('one.mjs'), url('again.mjs')]))).toBe('ADP_ERR_DUPLICATE');
    expect(await codeOf(loadAdapterModules([url('throws.mjs')]))).toBe('ADP_ERR_LOAD');
  });
});

describe('loadAdapters', () => {
  it('collects definitions and arrays from every module, in file order, and ignores other exports', async () => {
    const dir = folder('ok', {
      'b-users.mjs': `export const user = ${definition('user-b', 'GET /api/users/:id')};\nexport const helper = () => 1;`,
      'a-items.js': `export const all = [${definition('item-a', 'GET /api/items/:id')}, ${definition('item-a2', 'GET /api/items')}];`,
      'notes.txt': 'not a module',
      'skip.test.js': 'throw new Error("tests are not adapters")',
    });
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    const adapters = await loadAdapters(dir);
    expect(adapters.map((a) => a.name)).toEqual(['item-a', 'item-a2', 'user-b']);
    expect(adapters.every(isAdapter)).toBe(true);
  });

  it('rejects a name defined twice with ADP_ERR_DUPLICATE', async () => {
    const dir = folder('dup', {
      'a.mjs': `export const one = ${definition('same', 'GET /a')};`,
      'b.mjs': `export const two = ${definition('same', 'GET /b')};`,
    });
    expect(await codeOf(loadAdapters(dir))).toBe('ADP_ERR_DUPLICATE');
  });

  it('fails with ADP_ERR_LOAD for a missing folder or a module that throws', async () => {
    expect(await codeOf(loadAdapters(join(root, 'nope')))).toBe('ADP_ERR_LOAD');
    const dir = folder('throws', { 'bad.mjs': 'throw new Error("broken at import");' });
    expect(await codeOf(loadAdapters(dir))).toBe('ADP_ERR_LOAD');
  });

  it('checks definitions it finds with defineAdapter', async () => {
    const dir = folder('invalid', { 'x.mjs': `export const x = { name: 'x', route: 'GRAB /x', document: '{ a }', variables() {}, toLegacy() {} };` });
    expect(await codeOf(loadAdapters(dir))).toBe('ADP_ERR_INVALID_DEFINITION');
  });
});

describe('indexAdapters and requireAdapter', () => {
  it('indexes the built-in set with loaded ones and finds a route’s adapter by name', async () => {
    const index = indexAdapters(exampleAdapters);
    expect(requireAdapter(index, 'inquiry-detail', 'detail').route).toBe('GET /api/inquiries/:id');
    expect(() => requireAdapter(index, 'nope', 'detail')).toThrow(expect.objectContaining({ code: 'ADP_ERR_UNKNOWN_ADAPTER' }));
    expect(() => indexAdapters(exampleAdapters, [{ ...exampleAdapters[0] }])).toThrow(expect.objectContaining({ code: 'ADP_ERR_DUPLICATE' }));
  });
});

describe('loadAdapters on re-exports', () => {
  it('counts an adapter re-exported by several modules once', async () => {
    const dir = folder('reexport', {
      'a.mjs': `export const one = ${definition('one', 'GET /one')};`,
      'index.mjs': `import { one } from './a.mjs';\nexport { one };\nexport const all = [one];`,
    });
    expect((await loadAdapters(dir)).map((a) => a.name)).toEqual(['one']);
  });
});
