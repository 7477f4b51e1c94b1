import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// SLOW (about a minute): packs the package as `npm publish` would, installs the tarball in a fresh
// folder and compiles a consumer's strict TypeScript against it (no skipLibCheck). The tarball is
// unpacked by hand and its production dependencies are linked from this repo's install (from the
// lockfile, devDependencies left out), so no registry is needed and the consumer sees exactly what a
// dependent gets: a type that only a devDependency provides fails here.
const run = promisify(execFile);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const built = existsSync(join(ROOT, 'dist', 'index.js')) && existsSync(join(ROOT, 'dist', 'index.d.ts'));

const GOOD_ADAPTER = `
import { defineAdapter, type AdapterRequest } from 'strangler-fig';

interface UserData { user: null | { id: string; nickname: string | null; listedItemCount: number } }

export const user = defineAdapter<UserData>({
  name: 'user',
  route: 'GET /api/users/:id',
  document: 'query User($id: ID!) { user(id: $id) { id nickname listedItemCount } }',
  variables: (req: AdapterRequest) => ({ id: req.params.id }),
  toLegacy: ({ data }) =>
    data?.user
      ? { status: 200, body: { result: 'OK', data: { user_id: data.user.id, listed_item_count: String(data.user.listedItemCount) } } }
      : { status: 404, body: { result: 'NG', error: { code: 'E_NOT_FOUND' } } },
});
`;

const GOOD_CONFIG = `
import { defineConfig, startStrangler, compareJson } from 'strangler-fig';

export const config = defineConfig({
  legacy: { url: 'http://127.0.0.1:8080', timeoutMs: 30_000 },
  candidate: { url: 'http://127.0.0.1:4000/graphql', schema: { from: 'sdl', file: 'schema.graphql' } },
  adapters: 'dist/adapters',
  operator: { from: 'header', header: 'x-operator-id' },
  routes: [{ id: 'user', method: 'GET', path: '/api/users/:id', mode: 'shadow', sample: 0.5, adapter: 'user' }],
  aht: { cases: [{ name: 'inquiry', start: 'GET /api/inquiries/:id', end: 'POST /api/inquiries/:id/reply', param: 'id' }], idleGap: '5m' },
});

export async function main(): Promise<number> {
  const running = await startStrangler(config);
  const port: number = running.port;
  await running.close();
  return port + (compareJson({ a: 1 }, { a: 2 }).equal ? 0 : 1);
}
`;

const BAD_CONFIG = `
import { defineConfig } from 'strangler-fig';

export const config = defineConfig({
  legacy: 'http://127.0.0.1:8080',
  routes: [{ id: 'user', path: '/api/users/:id', mode: 'shdow' }],
});
`;

/** The lockfile's production packages at the top of node_modules (nested copies come inside them). */
function productionPackages(): string[] {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  return Object.entries(lock.packages)
    .filter(([key, entry]) => key.startsWith('node_modules/') && entry.dev !== true)
    .map(([key]) => key.slice('node_modules/'.length))
    .filter((name) => !name.includes('/node_modules/'));
}

describe.runIf(built)('the packed package, installed in a fresh folder (slow)', () => {
  let dir: string;
  let files: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'strangler-pack-'));
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, timeout: 60_000 });
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    files = packed!.files.map((f) => f.path);
    const pkgDir = join(dir, 'consumer', 'node_modules', 'strangler-fig');
    mkdirSync(pkgDir, { recursive: true });
    await run('tar', ['-xzf', join(dir, packed!.filename), '-C', pkgDir, '--strip-components=1']);
    for (const name of productionPackages()) {
      const from = join(ROOT, 'node_modules', name);
      if (!existsSync(from)) continue; // installed nested under its parent, which is linked
      mkdirSync(dirname(join(dir, 'consumer', 'node_modules', name)), { recursive: true });
      symlinkSync(from, join(dir, 'consumer', 'node_modules', name), 'dir');
    }
    const consumer = join(dir, 'consumer');
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, skipLibCheck: false },
      include: ['src/*.ts'],
    }));
    mkdirSync(join(consumer, 'src'));
    writeFileSync(join(consumer, 'src', 'user-adapter.ts'), GOOD_ADAPTER);
    writeFileSync(join(consumer, 'src', 'strangler.config.ts'), GOOD_CONFIG);
    writeFileSync(join(consumer, 'src', 'typo.config.ts'), BAD_CONFIG);
  }, 120_000);

  afterAll(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('ships the declarations, the compiled CLI, the schema and deploy/, and no sources or tests', () => {
    expect(files).toEqual(expect.arrayContaining(['package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'config/strangler.schema.json', 'deploy/Dockerfile',
      // regression: `npx strangler demo` from an installed package needs the sample service's SDL, which tsc does not copy
      'examples/graphql-service/schema.graphql']));
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('dist/test/') || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toEqual([]);
  });

  it('a strict adapter and config compile; `mode: "shdow"` does not (tsc --strict, no skipLibCheck)', async () => {
    const consumer = join(dir, 'consumer');
    const out = await run(process.execPath, [TSC, '-p', consumer], { cwd: consumer, timeout: 120_000 }).then(
      () => '',
      (e: { stdout: string }) => e.stdout,
    );
    const errors = out.split('\n').filter((l) => /error TS\d+/.test(l));
    // Only the typo fails: the adapter, the config and every declaration they reach compile.
    expect(errors.filter((l) => !l.startsWith('src/typo.config.ts'))).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/error TS2820: Type '"shdow"' is not assignable/);
  }, 120_000);

  it('exports exactly the public face, and its bin answers --version', async () => {
    const consumer = join(dir, 'consumer');
    const script = "const m = await import('strangler-fig'); console.log(JSON.stringify(Object.keys(m).sort()));";
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: consumer, timeout: 30_000 });
    expect(JSON.parse(stdout)).toEqual(['CodedError', 'compareJson', 'defineAdapter', 'defineConfig', 'parseJson', 'startStrangler']);
    const version = await run(process.execPath, [join(consumer, 'node_modules', 'strangler-fig', 'dist', 'cli', 'main.js'), '--version'], { cwd: consumer });
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(version.stdout.trim()).toBe(pkg.version);
  }, 60_000);
});
