import type { CompareRules } from '../compare/rules.js';

/**
 * The config file's shape, as written (YAML, or an object passed to `defineConfig`). It mirrors
 * config/strangler.schema.json key for key; test/config/config-input-type.test.ts fails when the two
 * drift apart. The schema still validates at start-up: ranges, patterns and cross-field rules are
 * checked there, this type gives an editor completion and catches a misspelt key or mode at compile time.
 */
export interface StranglerConfigInput {
  /** Instance name written on every event (default `hostname:pid`). */
  instance?: string;
  /** The JSON log of `strangler serve`. */
  log?: {
    /** Lowest level written (default info; probes are logged at debug). */
    level?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  };
  /** What SIGTERM does before the listener closes. */
  shutdown?: {
    /** /readyz answers 503 and requests are still served for this long before the port closes, ms (default 0). */
    drainDelayMs?: number;
  };
  /** The legacy CS tool: a base URL, or an object with the URL and timeouts. */
  legacy?: string | LegacyInput;
  /** The public (data) port. */
  server?: {
    /** Address to bind (default 0.0.0.0). */
    host?: string;
    /** Port to bind (default 8000; 0 = any free port). */
    port?: number;
    /** node:cluster worker processes (default 1). */
    workers?: number;
    /** Largest request head, bytes; past it 431 (default 16384). */
    maxHeaderBytes?: number;
    /** Largest request body, bytes; past it 413 (default 1 GiB). */
    maxBodyBytes?: number;
  };
  /** The admin port: /healthz, /readyz, /metrics, the flags API and the dashboard. */
  admin?: {
    /** Address to bind (default 127.0.0.1). */
    host?: string;
    /** Port (default 9090; 0 = any free port; null = no admin server). */
    port?: number | null;
    /** File holding one bearer token (name `admin`); STRANGLER_ADMIN_TOKEN_FILE overrides. */
    tokenFile?: string;
    /** Named bearer tokens (16 characters or more); the name is the actor in the audit trail. */
    tokens?: { name: string; token: string }[];
  };
  /** The new GraphQL stack; needed as soon as a route names an adapter. */
  candidate?: null | {
    /** GraphQL endpoint URL. */
    url: string;
    /** Where the schema for adapter validation comes from. */
    schema?: { from: 'introspection'; file?: string } | { from: 'sdl'; file: string };
    /** Default per-call timeout, ms (default 5000). */
    timeoutMs?: number;
    /** An adapter whose document does not validate: stop the start (`fail`, default) or keep its routes legacy. */
    onInvalidAdapter?: 'fail' | 'legacy-only';
    /** Headers sent with every candidate call, e.g. `Authorization: "Bearer ${env:CANDIDATE_TOKEN}"`. */
    headers?: Record<string, string>;
    /** TLS files for an https: candidate (PEM paths): a private CA, and a client certificate for mTLS. */
    tls?: { ca?: string; cert?: string; key?: string };
  };
  /** Folder the adapters are loaded from. */
  adapters?: string | null;
  /** Where the operator id comes from (default: header `x-operator-id`). */
  operator?: OperatorInput;
  /** The route table. A path no route names is `legacy`. */
  routes?: RouteInput[];
  /** Running the candidate beside legacy. */
  shadow?: {
    /** Bytes of each answer kept for comparison (default 1 MiB). */
    maxBodyBytes?: number;
    /** Shadow calls in flight, all routes (default 16). */
    concurrency?: number;
    /** Shadow calls in flight per route (default 8). */
    perRouteConcurrency?: number;
    /** Jobs waiting for a slot; past it dropped and counted (default 256). */
    queueSize?: number;
    /** Worker threads that decode, compare and redact off the event loop (default 1; 0 = on it). */
    workers?: number;
    /** Candidate timeout for shadow calls, ms (default 5000). */
    timeoutMs?: number;
    redact?: {
      /** Object keys whose values are replaced by a keyed hash. */
      keys?: string[];
      /** Extra paths to redact. */
      paths?: string[];
      /** JSON paths whose strings stay readable in every route's differences (deny by default otherwise). */
      allow?: string[];
      /** HMAC key (STRANGLER_REDACT_KEY overrides). */
      secret?: string;
    };
  };
  compare?: {
    rules?: CompareRulesInput;
    noise?: {
      /** candidate/noise rate at least this (default 2). */
      relativeThreshold?: number;
      /** candidate − noise rate at least this (default 0.01). */
      absoluteThreshold?: number;
    };
  };
  store?: {
    /** `sqlite:PATH` or `mysql://user:pass@host:port/db` (STRANGLER_DB overrides). */
    url?: string;
    /** Events per batch write (default 500). */
    batchSize?: number;
    /** Longest wait before a batch is written, ms (default 1000). */
    flushIntervalMs?: number;
    /** Events kept while the database is slow (default 100000). */
    maxBuffer?: number;
  };
  flags?: {
    /** Flag reload interval, ms (default 1000). */
    pollIntervalMs?: number;
    /** Longest time since the last successful flag poll before /readyz says unready, ms (default 300000; 0 = never). */
    maxStaleMs?: number;
  };
  gate?: {
    /** Comparisons needed before a route can pass (default 1000). */
    minSamples?: number;
    /** Match rate after noise, 0..1 (default 0.99). */
    minMatch?: number;
    /** Largest candidate error rate, 0..1 (default 0.01). */
    maxErrorRate?: number;
    /** Window the gate looks at, ms (default 24 h). */
    windowMs?: number;
  };
  aht?: {
    /** Case types: a handling runs from a start request to the first end request of the same operator and case. */
    cases?: AhtCaseInput[];
    /** Handlings longer than this are outliers, e.g. `4h`. */
    maxDuration?: Duration;
    /** Same as maxDuration, in ms (default 4 h). */
    maxDurationMs?: number;
    /** A gap longer than this is not active time, e.g. `5m`. */
    idleGap?: Duration;
    /** Same as idleGap, in ms (default 5 min). */
    idleGapMs?: number;
    /** Equivalence margin in seconds (default 5). */
    equivalenceMarginS?: number;
    /** **contract**: a handling with no request from its operator for longer than this is abandoned, e.g. `60m` (default). */
    abandonAfter?: Duration;
    /** Same as abandonAfter, in ms. */
    abandonAfterMs?: number;
    /** An end recorded by another instance up to this long before its start still closes it, e.g. `2s` (default). */
    skewTolerance?: Duration;
    /** Same as skewTolerance, in ms. */
    skewToleranceMs?: number;
    /** A case started again within this time after a handling's end counts as reopened, e.g. `24h` (default). */
    reopenWithin?: Duration;
    /** Same as reopenWithin, in ms. */
    reopenWithinMs?: number;
  };
}

/** A duration such as `30d`, `12h`, `15m`, `90s`, `250ms`, `1.5h` or `2w`. */
export type Duration = `${number}${'ms' | 's' | 'm' | 'h' | 'd' | 'w'}`;

/** `legacy:` as an object. */
export interface LegacyInput {
  /** Base URL of the legacy tool, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** Longest silence from legacy before the request is cut, ms (default 120000; 0 = none). */
  timeoutMs?: number;
  /** Connect timeout, ms: when legacy is down the client gets a 502 within this (default 5000). */
  connectTimeoutMs?: number;
}

/** `operator:`; which other keys a source needs is checked at start-up. */
export interface OperatorInput {
  from: 'header' | 'cookie' | 'jwt' | 'session';
  /** Header name (from: header), or `authorization` for a Bearer JWT. */
  header?: string;
  /** Cookie name (from: cookie, or a JWT in a cookie). */
  cookie?: string;
  /** JWT claim holding the operator id. */
  claim?: string;
  /** HS256 secret to verify the JWT. */
  secret?: string;
  /** PEM public key to verify the JWT. */
  publicKey?: string;
  /** from: session. Legacy's own login, learned as it passes through the proxy (docs/identity.md). */
  login?: {
    /** `"POST /login"`. */
    route: string;
    /** Form field or JSON key (dotted) holding the operator's login id. */
    field: string;
    /** What success looks like (default: 2xx, or 3xx whose Location is not the login path). */
    success?: { status?: number[]; location?: string };
  };
  /** from: session. A legacy request answering the operator of a session begun before the proxy. */
  whoami?: { route: string; path: string; timeoutMs?: number };
  /** from: session. How long a binding is believed (default 12h). */
  ttl?: Duration;
}

/** One route of the route table. */
export interface RouteInput {
  /** Unique route id (letters, digits, `_`, `.`, `-`). */
  id: string;
  /** A method or a list of methods; absent = any method. */
  method?: string | string[];
  /** Same as method. */
  methods?: string[];
  /** Pattern like `/api/inquiries/:id`; a final `*` matches the rest. */
  path: string;
  /** Start-up mode (default legacy); the flags store overrides it live. */
  mode?: 'legacy' | 'shadow' | 'canary' | 'new';
  /** Canary share of operators, 0..100. */
  percent?: number;
  /** Shadow sample fraction, 0..1. */
  sample?: number;
  /** Fraction of safe requests repeated on legacy to learn noise, 0..1. */
  noise?: number;
  /** Adapter name; required for shadow, canary and new. */
  adapter?: string | null;
  /** Canary stickiness group (default: the route id). */
  group?: string;
  /** Candidate timeout for this route, ms. */
  timeoutMs?: number | null;
  compare?: CompareRulesInput;
  /** Query keys whose values (PII-redacted) are stored with a shadow result's request path, e.g. `page`, `tag[]`. */
  keepQuery?: string[];
  /** Per-route redaction of stored differences. */
  redact?: {
    /** JSON paths whose strings stay readable in this route's differences, added to shadow.redact.allow. */
    allow?: string[];
  };
}

/** Comparison rules; paths like `$.data.items[*].id`, `$..request_id`: compare/'s own type. */
export type CompareRulesInput = CompareRules;

/** An AHT case type (**contract** keys: name, start, end, param). */
export interface AhtCaseInput {
  name: string;
  /** `"METHOD /pattern"` of the request that opens a handling. */
  start: string;
  /** `"METHOD /pattern"` (or several) of the requests that close it. */
  end: string | string[];
  /** Path parameter carrying the case id. */
  param: string;
}
