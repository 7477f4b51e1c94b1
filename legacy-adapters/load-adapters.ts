import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defineAdapter, isAdapter } from './define-adapter.js';
import type { Adapter, AdapterDefinition } from './define-adapter.js';
import { ADP_ERR_DUPLICATE, ADP_ERR_LOAD, ADP_ERR_UNKNOWN_ADAPTER } from './errors.js';

const MODULE_FILE = /\.(?:m?js|cjs)$/;
const SKIP_FILE = /\.(?:test|spec|d)\.[cm]?[jt]s$/;

/**
 * Import every .js/.mjs/.cjs module of `dir` (sorted by name) and collect the adapters it exports:
 * values made by `defineAdapter`, arrays of them, or plain definitions (checked with defineAdapter).
 * Other exports are ignored. Throws ADP_ERR_LOAD, ADP_ERR_DUPLICATE or ADP_ERR_INVALID_DEFINITION.
 */
export async function loadAdapters(dir: string): Promise<readonly Adapter[]> {
  const root = resolve(dir);
  let files: string[];
  try {
    files = (await readdir(root)).filter((f) => MODULE_FILE.test(f) && !SKIP_FILE.test(f)).sort();
  } catch (err) {
    throw ADP_ERR_LOAD(root, (err as { code?: string }).code ?? 'unreadable', err);
  }
  // Keyed by the exported value: the same export re-exported by an index module counts once.
  const adapters = new Map<unknown, Adapter>();
  for (const file of files) await collectModule(pathToFileURL(join(root, file)).href, join(root, file), adapters);
  const list = [...adapters.values()];
  indexAdapters(list);
  return Object.freeze(list);
}

/**
 * Import modules by URL (`import.meta.url`-relative, e.g. the sample adapters' index) and collect their
 * adapters as `loadAdapters` does for a folder's files. Throws ADP_ERR_LOAD, ADP_ERR_DUPLICATE.
 */
export async function loadAdapterModules(urls: readonly string[]): Promise<readonly Adapter[]> {
  const adapters = new Map<unknown, Adapter>();
  for (const url of urls) await collectModule(url, url, adapters);
  const list = [...adapters.values()];
  indexAdapters(list);
  return Object.freeze(list);
}

/** Import one module and add the adapters it exports to `into` (keyed by the exported value). */
async function collectModule(url: string, shownAs: string, into: Map<unknown, Adapter>): Promise<void> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (err) {
    throw ADP_ERR_LOAD(shownAs, (err as Error).message, err);
  }
  for (const value of Object.values(mod)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (into.has(v)) continue;
      if (isAdapter(v)) into.set(v, v);
      else if (looksLikeDefinition(v)) into.set(v, defineAdapter(v));
    }
  }
}

/** Adapters by name, from one or more lists; a name defined twice throws ADP_ERR_DUPLICATE. */
export function indexAdapters(...lists: ReadonlyArray<readonly Adapter[]>): ReadonlyMap<string, Adapter> {
  const index = new Map<string, Adapter>();
  for (const list of lists) {
    for (const a of list) {
      const seen = index.get(a.name);
      if (seen && seen !== a) throw ADP_ERR_DUPLICATE(a.name, `${seen.route} and ${a.route}`);
      index.set(a.name, a);
    }
  }
  return index;
}

/** The adapter a route names; throws ADP_ERR_UNKNOWN_ADAPTER. */
export function requireAdapter(index: ReadonlyMap<string, Adapter>, name: string, routeId: string): Adapter {
  const a = index.get(name);
  if (!a) throw ADP_ERR_UNKNOWN_ADAPTER(routeId, name);
  return a;
}

function looksLikeDefinition(v: unknown): v is AdapterDefinition {
  if (typeof v !== 'object' || v === null) return false;
  const d = v as Record<string, unknown>;
  return typeof d.name === 'string' && typeof d.route === 'string' && typeof d.document === 'string';
}
