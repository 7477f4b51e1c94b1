import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { definedErrorCodes } from '../../errors/index.js';

// Like fastify's test that every error code is documented: load every folder's errors.ts,
// then every code defined must have a row in docs/errors.md.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('error codes', () => {
  it('every defined code is documented in docs/errors.md', async () => {
    const folders = readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('.') && !['node_modules', 'dist', 'test'].includes(d.name))
      .map((d) => d.name);
    let loaded = 0;
    for (const folder of folders) {
      const file = join(root, folder, 'errors.ts');
      if (existsSync(file)) {
        await import(pathToFileURL(file).href);
        loaded++;
      }
    }
    const codes = definedErrorCodes();
    expect(loaded).toBeGreaterThan(0);
    expect(codes.length).toBeGreaterThan(0);
    const doc = readFileSync(join(root, 'docs', 'errors.md'), 'utf8');
    const documented = new Set([...doc.matchAll(/^\|\s*`?([A-Z]+_ERR_[A-Z0-9_]+)`?\s*\|/gm)].map((m) => m[1]));
    const missing = codes.filter((c) => !documented.has(c));
    expect(missing).toEqual([]);
  });
});
