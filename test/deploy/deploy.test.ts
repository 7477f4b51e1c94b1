import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig } from '../../config/index.js';

// What can be checked of deploy/ without Docker or a cluster: the systemd unit with systemd-analyze,
// the Kubernetes manifests parsed and cross-checked against the config they mount, and the image's
// ENTRYPOINT, CMD and HEALTHCHECK run as plain processes over a folder laid out like the image.
const run = promisify(execFile);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEPLOY = join(ROOT, 'deploy');
const read = (file: string) => readFileSync(join(DEPLOY, file), 'utf8');
const hasSystemd = existsSync('/usr/bin/systemd-analyze') || existsSync('/bin/systemd-analyze');

// Parsed YAML, read field by field.
type Obj = Record<string, any>;

const deployConfig = () =>
  loadConfig({ file: join(DEPLOY, 'strangler.yaml'), env: { STRANGLER_DB: 'mysql://u:p@127.0.0.1:3306/strangler' } });

describe.runIf(hasSystemd)('deploy/strangler.service', () => {
  it('passes systemd-analyze verify without a warning', async () => {
    const { stderr } = await run('systemd-analyze', ['verify', '--man=no', join(DEPLOY, 'strangler.service')]);
    expect(stderr).toBe('');
  });

  it('the check sees a mistake (a misspelt key)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strangler-unit-'));
    try {
      writeFileSync(join(dir, 'strangler.service'), read('strangler.service').replace('TimeoutStopSec=', 'TimeoutStopSek='));
      const { stderr } = await run('systemd-analyze', ['verify', '--man=no', join(dir, 'strangler.service')]);
      expect(stderr).toContain('TimeoutStopSek');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('deploy/ Kubernetes manifests', () => {
  const kustomization = parse(read('kustomization.yaml')) as Obj;
  const docs = (kustomization.resources as string[]).flatMap((f) => parseAllDocuments(read(f)).map((d) => d.toJS() as Obj));
  const deployment = docs.find((d) => d.kind === 'Deployment')!;
  const container = deployment.spec.template.spec.containers[0];
  const portOf = (name: string | number) => (typeof name === 'number' ? name : container.ports.find((p: Obj) => p.name === name)?.containerPort);

  it('parse, and the config they mount is valid', () => {
    expect(docs.map((d) => d.kind).sort()).toEqual(['Deployment', 'PodDisruptionBudget', 'Service']);
    expect(kustomization.configMapGenerator[0].files).toEqual(['strangler.yaml']);
    expect(deployConfig().store.url).toMatch(/^mysql:/);
  });

  it('probe readiness and liveness on the admin port the config binds, not the data port', () => {
    const config = deployConfig();
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe]) {
      expect(portOf(probe.httpGet.port)).toBe(config.admin.port);
    }
    expect(config.admin.host).toBe('0.0.0.0');
    const service = docs.find((d) => d.kind === 'Service')!;
    expect(service.spec.ports.map((p: Obj) => portOf(p.targetPort))).toEqual([config.server.port]);
  });

  it('run several replicas on MySQL, drain before SIGTERM, and wait out legacy.timeoutMs', () => {
    const config = deployConfig();
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    const env = Object.fromEntries(container.env.map((e: Obj) => [e.name, e]));
    expect(env.STRANGLER_DB.valueFrom.secretKeyRef.name).toBe('strangler-secrets');
    const secret = parse(read('kubernetes/secret.example.yaml')) as Obj;
    for (const e of Object.values(env) as Obj[]) {
      const ref = e.valueFrom?.secretKeyRef;
      if (ref) expect(Object.keys(secret.stringData)).toContain(ref.key);
    }
    const [, sleepS] = container.lifecycle.preStop.exec.command as [string, string];
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(Number(sleepS) + config.legacy.timeoutMs / 1000);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
  });
});

/** A port free right now (for the admin port the HEALTHCHECK names). */
async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as { port: number };
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/** `INSTRUCTION ["a", "b"]` of the final stage (lines joined at a trailing backslash). */
function instruction(dockerfile: string, name: string): string[] {
  const lines = dockerfile.replace(/\\\n\s*/g, ' ').split('\n');
  const last = lines.filter((l) => l.startsWith(`${name} `)).pop()!;
  return JSON.parse(last.slice(last.indexOf('['))) as string[];
}

describe.runIf(existsSync(join(ROOT, 'dist', 'cli', 'main.js')))('deploy/Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  let dir: string;
  let legacy: Server;
  let legacyUrl: string;

  beforeAll(async () => {
    legacy = createServer((req, res) => res.end(`legacy ${req.url}`));
    await new Promise<void>((resolve) => legacy.listen(0, '127.0.0.1', resolve));
    legacyUrl = `http://127.0.0.1:${(legacy.address() as { port: number }).port}`;
    dir = mkdtempSync(join(tmpdir(), 'strangler-image-'));
    // The image's layout: /app/node_modules/strangler-fig, /etc/strangler/strangler.yaml.
    mkdirSync(join(dir, 'app', 'node_modules'), { recursive: true });
    symlinkSync(ROOT, join(dir, 'app', 'node_modules', 'strangler-fig'), 'dir');
    mkdirSync(join(dir, 'etc', 'strangler'), { recursive: true });
    writeFileSync(join(dir, 'etc', 'strangler', 'strangler.yaml'), read('strangler.yaml'));
    writeFileSync(join(dir, 'admin-token'), 'image-test-token-0123456789');
  });

  afterAll(async () => {
    await new Promise((resolve) => legacy?.close(resolve));
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('is multi-stage, runs as a non-root user, and health-checks the admin port', () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(/^USER (\S+)/m.exec(dockerfile)?.[1]).not.toMatch(/^(root|0)$/);
    const config = parse(read('strangler.yaml')) as Obj;
    expect(instruction(dockerfile, 'HEALTHCHECK').join(' ')).toContain(`:${config.admin.port}/healthz`);
  });

  it('its ENTRYPOINT and CMD serve as a plain process, its HEALTHCHECK passes, and SIGTERM exits 0', async () => {
    const [adminPort, port] = [await freePort(), await freePort()];
    const config = parse(read('strangler.yaml')) as Obj;
    const inImage = (arg: string) => arg.replace(/^\/app\//, `${dir}/app/`).replace(/^\/etc\/strangler\//, `${dir}/etc/strangler/`);
    const argv = [...instruction(dockerfile, 'ENTRYPOINT'), ...instruction(dockerfile, 'CMD')].map(inImage);
    expect(argv[0]).toBe('node');
    const child = spawn(process.execPath, [...argv.slice(1), '--legacy', legacyUrl, '--port', String(port), '--admin-port', String(adminPort)], {
      cwd: join(dir, 'app'),
      env: { ...process.env, STRANGLER_DB: `sqlite:${join(dir, 'strangler.db')}`, STRANGLER_ADMIN_TOKEN_FILE: join(dir, 'admin-token') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 600 && !stderr.includes('proxying'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(stderr).toContain('proxying');
      const health = instruction(dockerfile, 'HEALTHCHECK')
        .map((a) => a.replace(`:${config.admin.port}/`, `:${adminPort}/`));
      await expect(run(process.execPath, health.slice(1))).resolves.toBeDefined();
      const answer = await fetch(`http://127.0.0.1:${port}/api/items/1`);
      expect(await answer.text()).toBe('legacy /api/items/1');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 90_000);
});
