import type { RouteConfig } from '../config/strangler-config.js';
import type { Flag, RouteMode } from '../model/flag.js';
import { compilePattern, type CompiledPattern } from '../routing/route-pattern.js';
import { normalizePath } from '../routing/normalize-path.js';

/** The live decision values of a route, swapped whole by applyFlags (never mutated in place). */
export interface LiveFlag {
  readonly mode: RouteMode;
  readonly percent: number;
  readonly sample: number;
}

/** A route compiled at start-up; `flag` is the only field that changes at run time. */
export interface CompiledRoute {
  readonly id: string;
  readonly config: RouteConfig;
  readonly pattern: CompiledPattern;
  /** Upper-case methods, or null for any method. */
  readonly methods: ReadonlySet<string> | null;
  flag: LiveFlag;
}

/** A matched route and its decoded path parameters. */
export interface RouteMatch {
  route: CompiledRoute;
  params: Record<string, string>;
}

/** What applyFlags did with each flag. */
export interface ApplyFlagsResult {
  applied: string[];
  /** Flags for route ids the table does not have (e.g. a route removed from the config). */
  unknown: string[];
  /** Flags whose mode has no registered handler; the route keeps its previous flag. */
  unavailable: string[];
}

/** The legacy flag used for paths no route names. */
export const LEGACY_FLAG: LiveFlag = Object.freeze({ mode: 'legacy', percent: 0, sample: 0 });

/**
 * The route table: patterns compiled once, ordered most specific first (literal > :param > *,
 * segment by segment), so the first match is the only sensible one. Ties are refused by the config rules.
 */
export class RouteTable {
  readonly routes: readonly CompiledRoute[];
  private readonly byId: Map<string, CompiledRoute>;
  private readonly ordered: CompiledRoute[];

  private constructor(routes: CompiledRoute[]) {
    this.routes = Object.freeze([...routes]);
    this.byId = new Map(routes.map((r) => [r.id, r]));
    this.ordered = [...routes].sort((a, b) => (a.pattern.rank < b.pattern.rank ? -1 : a.pattern.rank > b.pattern.rank ? 1 : 0));
  }

  /** Compile route configs (already validated by loadConfig). Throws PRX_ERR_BAD_PATTERN. */
  static compile(routes: readonly RouteConfig[]): RouteTable {
    return new RouteTable(
      routes.map((config) => ({
        id: config.id,
        config,
        pattern: compilePattern(config.path),
        methods: config.methods.length === 0 ? null : new Set(config.methods.map((m) => m.toUpperCase())),
        flag: Object.freeze({ mode: config.mode, percent: config.percent, sample: config.sample }),
      })),
    );
  }

  /** Match a method and a raw request target (path with optional query); null = no route (legacy). */
  match(method: string, rawTarget: string): RouteMatch | null {
    return this.matchSegments(method, normalizePath(rawTarget));
  }

  /** Match already-normalised segments (see normalizePath). */
  matchSegments(method: string, segments: readonly string[]): RouteMatch | null {
    for (const route of this.ordered) {
      if (route.methods !== null && !route.methods.has(method)) continue;
      const params = route.pattern.match(segments);
      if (params !== null) return { route, params };
    }
    return null;
  }

  /** The route with this id. */
  get(id: string): CompiledRoute | undefined {
    return this.byId.get(id);
  }

  /**
   * Swap the live flags of the named routes (routes not named keep theirs). Each route's flag is
   * replaced by a new frozen object, so a request sees either the old or the new flag, never a mix.
   */
  applyFlags(flags: readonly Flag[], isAvailable: (mode: RouteMode) => boolean = () => true): ApplyFlagsResult {
    const result: ApplyFlagsResult = { applied: [], unknown: [], unavailable: [] };
    for (const flag of flags) {
      const route = this.byId.get(flag.routeId);
      if (route === undefined) result.unknown.push(flag.routeId);
      else if (!isAvailable(flag.mode)) result.unavailable.push(flag.routeId);
      else {
        route.flag = Object.freeze({ mode: flag.mode, percent: flag.percent, sample: flag.sample });
        result.applied.push(flag.routeId);
      }
    }
    return result;
  }
}
