import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The folders are the stages of the request flow, each importing only from folders below it (README,
// "Architecture"). A higher rank is a lower layer; folders of one rank may not import each other.
const RANK: Record<string, number> = {
  cli: 0, runtime: 0,
  proxy: 1,
  admin: 2,
  shadow: 3,
  'legacy-adapters': 4,
  reports: 5,
  aht: 6,
  flags: 7,
  config: 8,
  store: 9,
  compare: 10,
  routing: 11,
  model: 12, errors: 12,
};
// The CLI's commands start the runtime: both are entry points.
const ALLOWED_SAME_RANK = new Set(['cli->runtime']);

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function sources(folder: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, folder))) {
    const rel = join(folder, name);
    if (statSync(join(root, rel)).isDirectory()) out.push(...sources(rel));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => normalize(join(dirname(file), m[1])));
}

describe('layering', () => {
  it('every folder imports only from folders below it', () => {
    const violations: string[] = [];
    for (const folder of Object.keys(RANK)) {
      for (const file of sources(folder)) {
        for (const target of importsOf(file)) {
          const to = relative(root, join(root, target)).split(/[\\/]/)[0];
          if (!(to in RANK) || to === folder) continue;
          if (RANK[to] > RANK[folder] || ALLOWED_SAME_RANK.has(`${folder}->${to}`)) continue;
          violations.push(`${file} imports ${target}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('model/ holds the shared vocabulary and imports nothing of ours but errors/', () => {
    const outside = sources('model').flatMap((f) => importsOf(f).filter((t) => !t.startsWith('model') && !t.startsWith('errors')));
    expect(outside).toEqual([]);
  });
});
