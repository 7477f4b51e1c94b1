import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parseDocument } from 'yaml';
import schema from './strangler.schema.json' with { type: 'json' };
import type { StranglerConfig } from './strangler-config.js';
import type { ConfigIssue } from './config-issue.js';
import { formatIssues } from './config-issue.js';
import { defaultConfigInput } from './defaults.js';
import { checkConfigRules } from './config-rules.js';
import { CFG_ERR_INVALID, CFG_ERR_READ, CFG_ERR_YAML } from './errors.js';
import { candidateAuth } from './candidate-auth.js';
// The one duration parser (the CLI's `--since`, `--window` and `--older-than` use it too); the schema has
// already checked the spelling. Imported by file, not through store/index, which loads the drivers.
import { parseDuration } from '../store/duration.js';

/** Where a configuration comes from; later sources win: defaults < file < env < overrides. */
export interface LoadConfigOptions {
  /** YAML file path. */
  file?: string;
  /** Values from CLI flags, in the file's shape (e.g. `{ legacy: { url }, server: { port } }`). */
  overrides?: Record<string, unknown>;
  /** Environment (STRANGLER_DB, STRANGLER_ADMIN_TOKEN, STRANGLER_ADMIN_TOKEN_FILE, STRANGLER_REDACT_KEY); default none. */
  env?: Record<string, string | undefined>;
  /** Demand `legacy.url` (default true: `serve`, `demo`); analysis commands pass false, they proxy nothing. */
  requireLegacy?: boolean;
}

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => void;
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
addFormats(ajv);
const validateSchema = ajv.compile(schema);

/** The JSON Schema of the config file (the same object that ships as config/strangler.schema.json). */
export const configSchema: Readonly<Record<string, unknown>> = schema;

/**
 * Load, validate, default, check and freeze the configuration. Throws CFG_ERR_INVALID with `.issues`
 * listing every problem, CFG_ERR_READ or CFG_ERR_YAML.
 */
export function loadConfig(options: LoadConfigOptions = {}): StranglerConfig {
  const fromFile = options.file === undefined ? {} : readYaml(options.file);
  const env = options.env ?? {};
  const merged = mergeDeep(expandShorthand(fromFile), envInput(env), expandShorthand(options.overrides ?? {}));
  const issues = validateInput(merged);
  if (issues.length > 0) throw invalid(issues);
  const config = toConfig(mergeDeep(defaultConfigInput(), merged), env, issues);
  issues.push(...checkConfigRules(config, { requireLegacy: options.requireLegacy ?? true }));
  if (issues.length > 0) throw invalid(issues);
  return deepFreeze(config);
}

/** Validate a parsed config document against the JSON Schema; returns every issue found. */
export function validateInput(input: unknown): ConfigIssue[] {
  if (validateSchema(input)) return [];
  return (validateSchema.errors ?? [])
    .filter((e) => e.keyword !== 'if')
    .map((e) => issueFromAjv(e, input));
}

function invalid(issues: ConfigIssue[]): Error {
  const err = new CFG_ERR_INVALID(`${issues.length} problem(s)\n${formatIssues(issues)}`);
  return Object.assign(err, { issues });
}

function readYaml(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CFG_ERR_READ(file, (err as Error).message, err);
  }
  let doc: unknown;
  try {
    const parsed = parseDocument(text);
    // Unknown tags (`!!js/function`, a typo'd `!ref`) are warnings to the library; a config must not guess.
    const problem = parsed.errors[0] ?? parsed.warnings[0];
    if (problem) throw problem;
    doc = parsed.toJS();
  } catch (err) {
    throw new CFG_ERR_YAML(file, (err as Error).message, err);
  }
  if (doc === null || doc === undefined) return {};
  // `a: &x [*x]` parses to an object that contains itself; every later step would recurse forever.
  if (isCyclic(doc)) throw new CFG_ERR_YAML(file, 'an alias refers to a node that contains it (a cycle)');
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw Object.assign(new CFG_ERR_INVALID('the document must be a mapping'), {
      issues: [{ path: '', value: doc, expected: 'a YAML mapping of keys', fix: 'start the file with keys such as `legacy:` and `routes:`' }],
    });
  }
  return doc as Record<string, unknown>;
}

function isCyclic(value: unknown, open = new Set<object>()): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (open.has(value)) return true;
  open.add(value);
  for (const v of Object.values(value)) if (isCyclic(v, open)) return true;
  open.delete(value);
  return false;
}

/** Environment values in the file's shape; read only here, never on the request path. */
function envInput(env: Record<string, string | undefined>): Record<string, unknown> {
  const out: Record<string, Record<string, unknown>> = {};
  if (env.STRANGLER_DB) out.store = { url: env.STRANGLER_DB };
  if (env.STRANGLER_ADMIN_TOKEN_FILE) out.admin = { tokenFile: env.STRANGLER_ADMIN_TOKEN_FILE };
  if (env.STRANGLER_REDACT_KEY) out.shadow = { redact: { secret: env.STRANGLER_REDACT_KEY } };
  return out;
}

type Input = Record<string, any>; // validated by the schema above

/** Turn a validated, defaulted document into the normalised config shape. */
function toConfig(input: Input, env: Record<string, string | undefined>, issues: ConfigIssue[]): StranglerConfig {
  const tokens: { name: string; token: string }[] = [...(input.admin.tokens ?? [])];
  if (env.STRANGLER_ADMIN_TOKEN) tokens.push({ name: 'admin', token: env.STRANGLER_ADMIN_TOKEN });
  if (input.admin.tokenFile) {
    try {
      const token = readFileSync(input.admin.tokenFile, 'utf8').trim();
      if (token.length < 16) {
        issues.push({ path: 'admin.tokenFile', value: input.admin.tokenFile, expected: 'a file holding a token of at least 16 characters', fix: 'write a long random token into the file (e.g. `openssl rand -hex 32`)' });
      } else {
        tokens.push({ name: 'admin', token });
      }
    } catch {
      issues.push({ path: 'admin.tokenFile', value: input.admin.tokenFile, expected: 'a readable file', fix: 'check the path and its permissions' });
    }
  }
  const candidate = input.candidate === null || input.candidate === undefined
    ? null
    : {
        url: input.candidate.url,
        schema: input.candidate.schema ?? { from: 'introspection' },
        timeoutMs: input.candidate.timeoutMs ?? 5_000,
        onInvalidAdapter: input.candidate.onInvalidAdapter ?? 'fail',
        ...candidateAuth(input.candidate, env, issues),
      };
  const routes = (input.routes as Input[]).map((r) => ({
    id: r.id,
    methods: toArray(r.methods ?? r.method).map((m: string) => m.toUpperCase()),
    path: r.path,
    mode: r.mode ?? 'legacy',
    percent: r.percent ?? 0,
    sample: r.sample ?? (r.mode === 'shadow' ? 1 : 0),
    noise: r.noise ?? 0,
    adapter: r.adapter ?? null,
    group: r.group ?? r.id,
    timeoutMs: r.timeoutMs ?? null,
    keepQuery: r.keepQuery ?? [],
    compare: r.compare ?? {},
    redact: { allow: r.redact?.allow ?? [] },
  }));
  const aht = input.aht;
  return {
    instance: input.instance,
    legacy: { url: input.legacy.url ?? '', timeoutMs: input.legacy.timeoutMs, connectTimeoutMs: input.legacy.connectTimeoutMs },
    server: { ...input.server },
    admin: { host: input.admin.host, port: input.admin.port, tokens },
    candidate,
    adapters: input.adapters,
    operator: normalizeOperator(input.operator),
    routes,
    shadow: { ...input.shadow, redact: { ...input.shadow.redact } },
    compare: { rules: input.compare.rules, noise: input.compare.noise },
    store: { ...input.store },
    flags: { ...input.flags },
    log: { ...input.log },
    shutdown: { ...input.shutdown },
    gate: { ...input.gate },
    aht: {
      cases: (aht.cases as Input[]).map((c) => ({ name: c.name, start: c.start, end: toArray(c.end), param: c.param })),
      maxDurationMs: aht.maxDuration !== undefined ? parseDuration(aht.maxDuration) : aht.maxDurationMs,
      idleGapMs: aht.idleGap !== undefined ? parseDuration(aht.idleGap) : aht.idleGapMs,
      abandonAfterMs: aht.abandonAfter !== undefined ? parseDuration(aht.abandonAfter) : aht.abandonAfterMs,
      skewToleranceMs: aht.skewTolerance !== undefined ? parseDuration(aht.skewTolerance) : aht.skewToleranceMs,
      equivalenceMarginS: aht.equivalenceMarginS,
      ...(aht.reopenWithin !== undefined || aht.reopenWithinMs !== undefined
        ? { reopenWithinMs: aht.reopenWithin !== undefined ? parseDuration(aht.reopenWithin) : aht.reopenWithinMs }
        : {}),
    },
  } as StranglerConfig;
}

/** The operator source with its defaults; `from: session` gets its success rule, whoami and TTL spelled out. */
function normalizeOperator(operator: Input): StranglerConfig['operator'] {
  if (operator.from !== 'session') return { ...operator } as StranglerConfig['operator'];
  const { login, whoami, ttl } = operator;
  return {
    from: 'session',
    cookie: operator.cookie,
    login: {
      route: login.route,
      field: login.field,
      success: login.success === undefined ? null : { status: login.success.status ?? null, location: login.success.location ?? null },
    },
    whoami: whoami === undefined ? null : { route: whoami.route, path: whoami.path, timeoutMs: whoami.timeoutMs ?? 2_000 },
    ttlMs: ttl !== undefined ? parseDuration(ttl) : 12 * 3_600_000,
  };
}

/** `legacy: URL` is short for `legacy: { url: URL }`. */
function expandShorthand(doc: Record<string, unknown>): Record<string, unknown> {
  return typeof doc.legacy === 'string' ? { ...doc, legacy: { url: doc.legacy } } : doc;
}

function toArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Objects merge key by key; arrays and scalars of later sources replace earlier ones. */
export function mergeDeep(...sources: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const src of sources) {
    for (const [key, value] of Object.entries(src)) {
      if (value === undefined) continue;
      const prev = out[key];
      out[key] = isPlainObject(prev) && isPlainObject(value) ? mergeDeep(prev, value) : value;
    }
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Compare rules that apply only on named paths (`compare.rules.X` or `routes[i].compare.X`). */
const PER_PATH_RULE = /(?:^compare\.rules|\bcompare)\.(timestamps|numericStrings|nullEqualsMissing|emptyContainersEqual|floatTolerance)$/;

function issueFromAjv(e: ErrorObject, input: unknown): ConfigIssue {
  const base = pointerToPath(e.instancePath);
  const p = e.params as Record<string, any>; // ajv params differ per keyword
  const join = (key: string) => (base ? `${base}.${key}` : key);
  switch (e.keyword) {
    case 'required':
      return { path: join(p.missingProperty), value: undefined, expected: 'a value', fix: `add \`${p.missingProperty}\`` };
    case 'additionalProperties': {
      const known = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      return {
        path: join(p.additionalProperty),
        value: valueAt(input, e.instancePath)?.[p.additionalProperty],
        expected: `one of the keys ${known.join(', ')}`,
        fix: `remove \`${p.additionalProperty}\` or correct its spelling${suggest(p.additionalProperty, known)}`,
      };
    }
    case 'type': {
      const rule = PER_PATH_RULE.exec(base)?.[1];
      if (rule !== undefined) {
        // the global form these rules once had hides what the UI shows; say how to name paths
        const example = rule === 'floatTolerance' ? "{ '$.data.total': 0.01 }" : rule === 'timestamps' ? "['$.data.created_at', '$.data.items[*].updated_at']" : "['$.data.total']";
        return {
          path: base,
          value: valueAt(input, e.instancePath),
          expected: `${rule === 'floatTolerance' ? 'a mapping of path to tolerance' : 'a list of the paths it applies to'} (a global ${rule} hides differences the UI shows, such as ISO vs JST timestamps or "3000" vs 3000)`,
          fix: `name the paths, e.g. \`${rule}: ${example}\` (docs/compare.md, "Rules")`,
        };
      }
      return { path: base, value: valueAt(input, e.instancePath), expected: `a value of type ${p.type}`, fix: `write a ${p.type}` };
    }
    case 'enum':
      return { path: base, value: valueAt(input, e.instancePath), expected: `one of ${p.allowedValues.map((v: unknown) => JSON.stringify(v)).join(', ')}`, fix: 'pick one of the listed values' };
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return { path: base, value: valueAt(input, e.instancePath), expected: `a number ${p.comparison} ${p.limit}`, fix: `use a value ${p.comparison} ${p.limit}` };
    case 'format':
      return { path: base, value: valueAt(input, e.instancePath), expected: `a ${p.format === 'uri' ? 'URL such as http://127.0.0.1:8080' : p.format}`, fix: 'write a full URL with scheme and host' };
    case 'pattern': {
      const doc = (e.parentSchema as { description?: string })?.description;
      return { path: base, value: valueAt(input, e.instancePath), expected: doc ?? `text matching ${p.pattern}`, fix: `write it as ${doc ?? p.pattern}` };
    }
    default:
      return { path: base, value: valueAt(input, e.instancePath), expected: e.message ?? e.keyword, fix: 'see config/strangler.schema.json' };
  }
}

/** `/routes/2/percent` → `routes[2].percent`. */
function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

function valueAt(input: unknown, pointer: string): any {
  let cur: any = input;
  for (const part of pointer.split('/').slice(1)) cur = cur?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return cur;
}

/** A "did you mean" hint for a misspelt key (edit distance ≤ 2). */
function suggest(key: string, known: string[]): string {
  const best = known.find((k) => editDistance(k.toLowerCase(), key.toLowerCase()) <= 2);
  return best ? ` (did you mean \`${best}\`?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
