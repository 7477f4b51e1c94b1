import type { CompareRules } from '../compare/rules.js';
import type { RouteMode } from '../model/flag.js';

/**
 * The validated, normalised, frozen configuration. The YAML file, the CLI flags and the environment
 * are merged and checked once at the boundary (config/load-config.ts); nothing else reads process.env.
 * Every key is documented in the JSON Schema (config/strangler.schema.json) and the README.
 */
export interface StranglerConfig {
  /** Instance name written on every event (default `hostname:pid`). */
  instance: string;
  legacy: {
    /** Base URL of the legacy PHP CS tool, e.g. `http://127.0.0.1:8080`. */
    url: string;
    /** Whole-request timeout towards legacy in ms (default 120000; 0 = none). */
    timeoutMs: number;
    /** Connect timeout in ms: when legacy is down the client gets a 502 within this (default 5000). */
    connectTimeoutMs: number;
  };
  server: {
    host: string;
    port: number;
    /** node:cluster workers (default 1). */
    workers: number;
    /** Largest request head in bytes; past it 431 (default 16384). */
    maxHeaderBytes: number;
    /** Largest request body in bytes; past it 413 (default 1 GiB). */
    maxBodyBytes: number;
  };
  admin: {
    host: string;
    /** Admin port (default 9090); 0 = any free port; null = no admin server. */
    port: number | null;
    /** Named bearer tokens: the name is the actor in the audit trail. From STRANGLER_ADMIN_TOKEN (name `admin`) or `tokenFile`. */
    tokens: { name: string; token: string }[];
  };
  /** The new GraphQL stack; null while no route needs it. */
  candidate: null | {
    /** GraphQL endpoint URL. */
    url: string;
    /** Where the schema comes from for adapter validation: `introspection` (the live endpoint) or an SDL file path. */
    schema: { from: 'introspection' } | { from: 'sdl'; file: string };
    /** Default per-call timeout in ms (default 5000). */
    timeoutMs: number;
    /** What to do with an adapter whose document does not validate: stop the start (default) or mark its routes legacy-only. */
    onInvalidAdapter: 'fail' | 'legacy-only';
    /** Headers sent with every candidate call (credentials), `${env:NAME}` expanded at load; never logged. */
    headers: Readonly<Record<string, string>>;
    /** TLS files for an https: candidate: a private CA, and a client certificate and key for mTLS; null: none. */
    tls: { ca: string | null; cert: string | null; key: string | null } | null;
  };
  /** Folder the adapters are loaded from (each route names one by `adapter`). */
  adapters: string | null;
  /** Where the operator id comes from. A `jwt` source never trusts a plain operator header. */
  operator:
    | { from: 'header'; header: string }
    | { from: 'cookie'; cookie: string }
    | {
        from: 'jwt';
        /** `authorization` (Bearer) or a cookie name. */
        header?: string;
        cookie?: string;
        claim: string;
        /** HS256 secret or a PEM public key; when set, the signature is verified. */
        secret?: string;
        publicKey?: string;
      }
    | SessionOperatorSource;
  routes: RouteConfig[];
  shadow: {
    /** Cap on the bytes of each answer kept for comparison (default 1 MiB); past it the result is `tooLarge`. */
    maxBodyBytes: number;
    /** Shadow calls in flight at once, all routes (default 16). */
    concurrency: number;
    /** Shadow calls in flight at once, per route (default 8). */
    perRouteConcurrency: number;
    /** Shadow jobs waiting for a slot, all routes; past it a job is dropped and counted (default 256). */
    queueSize: number;
    /** Worker threads that decode, compare and redact off the event loop (default 1; 0 = on it). */
    workers: number;
    /** Candidate timeout for shadow calls in ms (default 5000). */
    timeoutMs: number;
    redact: {
      /** Object keys whose values are replaced by a keyed hash (case-insensitive, default covers e-mail, phone, name, address, birthday, card, token). */
      keys: string[];
      /** Extra paths to redact, same syntax as compare rules. */
      paths: string[];
      /** JSON paths whose strings in differences stay in clear (detectors still run); every other string is hashed with its shape. */
      allow: string[];
      /** Key of the HMAC (STRANGLER_REDACT_KEY; empty = a random key kept in the store, made on first start). */
      secret: string;
    };
  };
  compare: {
    rules: CompareRules;
    /** A path is a real difference only when candidate rate − noise rate ≥ absolute and candidate/noise ≥ relative. */
    noise: { relativeThreshold: number; absoluteThreshold: number };
  };
  store: {
    /** `sqlite:PATH` or `mysql://user:pass@host:port/db` (STRANGLER_DB overrides). */
    url: string;
    /** Events per batch write (default 500). */
    batchSize: number;
    /** Longest wait before a batch is written, ms (default 1000). */
    flushIntervalMs: number;
    /** Events kept in memory while the database is slow or down; past it they are dropped and counted (default 100000). */
    maxBuffer: number;
  };
  flags: {
    /** How often each instance reloads flags from the store, ms (default 1000). */
    pollIntervalMs: number;
    /** Time since the last successful flag poll past which /readyz says unready, ms (default 300000; 0 = never). */
    maxStaleMs: number;
  };
  log: {
    /** Lowest pino level written (default `info`); probes are logged at `debug`. */
    level: LogLevel;
  };
  shutdown: {
    /** After SIGTERM, how long /readyz answers 503 while requests are still served, before the public port closes, ms (default 0). */
    drainDelayMs: number;
  };
  gate: {
    minSamples: number;
    /** Match rate after noise, 0..1 (default 0.99). */
    minMatch: number;
    /** Largest candidate error rate, 0..1 (default 0.01). */
    maxErrorRate: number;
    /** Window the gate looks at, ms (default 24 h). */
    windowMs: number;
  };
  aht: {
    cases: AhtCaseConfig[];
    /** Handlings longer than this are left out as outliers of another kind (default 4 h). */
    maxDurationMs: number;
    /** A gap longer than this does not count towards active time (default 5 min). */
    idleGapMs: number;
    /** No request from the operator in the case for longer than this closes a handling as abandoned (default 60 min; always set by loadConfig). */
    abandonAfterMs?: number;
    /** An end recorded by another instance up to this long before its start closes it (default 2 s; always set by loadConfig). */
    skewToleranceMs?: number;
    /** |new − legacy| below this, with its CI inside ±margin, is `no-difference` (default 5 s). */
    equivalenceMarginS: number;
    /** A case started again within this time after a handling's end counts as reopened (guardrail; default 24 h). */
    reopenWithinMs?: number;
  };
}

/** pino's levels, plus `silent`. */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** One route of the route table. */
export interface RouteConfig {
  id: string;
  /** Upper-case methods; empty = any method. */
  methods: string[];
  /** Pattern like `/api/inquiries/:id` (segments `:name` match one segment, a final `*` the rest). */
  path: string;
  mode: RouteMode;
  /** Canary share of operators, 0..100. */
  percent: number;
  /** Shadow sample fraction, 0..1. */
  sample: number;
  /** Fraction of safe requests whose legacy call is repeated to learn noise, 0..1. */
  noise: number;
  /** Adapter name (file in the adapters folder or a built-in example adapter). */
  adapter: string | null;
  /** Canary stickiness group (default: the route id), so one case's screens stay on one side. */
  group: string;
  /** Candidate timeout for this route, ms (default: candidate.timeoutMs). */
  timeoutMs: number | null;
  /** Query keys (e.g. `page`, `status`, `tag[]`) whose values, redacted, are stored with a shadow result's path (default none). */
  keepQuery?: string[];
  /** Per-route comparison rules, merged over the global ones. */
  compare: CompareRules;
  /** Per-route redaction: JSON paths kept in clear in this route's differences, added to `shadow.redact.allow` (load-config always sets it). */
  redact?: { allow: string[] };
}

/** An AHT case type (**contract** keys: name, start, end, param). */
export interface AhtCaseConfig {
  name: string;
  /** `"METHOD /pattern"` of the request that opens a handling. */
  start: string;
  /** `"METHOD /pattern"` of the requests that close it. */
  end: string[];
  /** The path parameter that carries the case id. */
  param: string;
}

/**
 * `operator.from: session`: the operator of a legacy session (an opaque cookie such as PHPSESSID),
 * learned from legacy's own login through the proxy (and optionally a whoami call); client-set
 * cookies are never trusted as an operator id.
 */
export interface SessionOperatorSource {
  from: 'session';
  /** Legacy's session cookie, e.g. PHPSESSID. */
  cookie: string;
  login: {
    /** "METHOD /pattern" of legacy's login request. */
    route: string;
    /** Form field or JSON key (dotted for nesting) holding the operator's login id. */
    field: string;
    /** What success looks like; null = a 2xx, or a 3xx whose Location is not the login path. */
    success: { status: number[] | null; location: string | null } | null;
  };
  /** A legacy request that answers the operator of a session that began before the proxy; null = none. */
  whoami: { route: string; path: string; timeoutMs: number } | null;
  /** How long a binding is believed after it was learned, ms (default 12 h). */
  ttlMs: number;
}
