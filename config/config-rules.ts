import type { SessionOperatorSource, StranglerConfig } from './strangler-config.js';
import type { ConfigIssue } from './config-issue.js';
import { compilePattern, parseRouteSpec } from '../routing/route-pattern.js';
import { validateRules } from '../compare/rules.js';
import { parsePathPattern } from '../compare/path.js';
import type { CompiledPattern } from '../routing/route-pattern.js';

const NEEDS_ADAPTER = new Set(['shadow', 'canary', 'new']);

/**
 * Rules the schema cannot express, checked on the defaulted config: unique ids, patterns that compile,
 * no two routes that tie, adapters and a candidate where a mode needs them, AHT cases that parse.
 * `legacy.url` is demanded unless `requireLegacy` is false (analysis commands proxy nothing).
 * Returns every issue (an empty list means the config is good).
 */
export function checkConfigRules(config: StranglerConfig, opts: { requireLegacy?: boolean } = {}): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (!config.legacy.url) {
    if (opts.requireLegacy !== false) {
      issues.push({ path: 'legacy.url', value: undefined, expected: 'the base URL of the legacy tool', fix: 'set `legacy: http://HOST:PORT` in the file or pass --legacy URL' });
    }
  } else if (!/^https?:\/\//i.test(config.legacy.url)) {
    issues.push({ path: 'legacy.url', value: config.legacy.url, expected: 'an http:// or https:// URL', fix: 'write the URL the legacy tool answers on, e.g. http://127.0.0.1:8080' });
  }

  // Rule paths that do not parse are refused here rather than on the first comparison.
  const ruleIssues = (at: string, rules: unknown): void => {
    for (const i of validateRules(rules)) {
      if (/\[\d+\]$|\['/.test(i.key)) issues.push({ path: `${at}.${i.key}`, value: i.value, expected: 'a path like `$.data.items[*].id`', fix: i.message });
    }
  };
  ruleIssues('compare.rules', config.compare.rules);
  config.routes.forEach((route, i) => ruleIssues(`routes[${i}].compare`, route.compare));

  const seen = new Map<string, number>();
  const compiled: (CompiledPattern | null)[] = [];
  config.routes.forEach((route, i) => {
    const at = `routes[${i}]`;
    const first = seen.get(route.id);
    if (first !== undefined) {
      issues.push({ path: `${at}.id`, value: route.id, expected: 'an id no other route uses', fix: `rename it; routes[${first}] already has this id` });
    } else {
      seen.set(route.id, i);
    }
    try {
      compiled.push(compilePattern(route.path));
    } catch (err) {
      compiled.push(null);
      issues.push({ path: `${at}.path`, value: route.path, expected: 'a pattern like /api/inquiries/:id (a final * for the rest)', fix: (err as Error).message });
    }
    if (NEEDS_ADAPTER.has(route.mode) && !route.adapter) {
      issues.push({ path: `${at}.adapter`, value: undefined, expected: `an adapter name, since mode is ${route.mode}`, fix: 'name the adapter that serves this route, or set mode: legacy' });
    }
    if (route.adapter && config.candidate === null) {
      issues.push({ path: 'candidate', value: null, expected: `a candidate (GraphQL endpoint), since ${at} names adapter "${route.adapter}"`, fix: 'add `candidate: { url: http://HOST/graphql }`' });
    }
  });

  // Two routes with the same shape and overlapping methods would tie: nothing says which wins.
  for (let a = 0; a < compiled.length; a++) {
    for (let b = a + 1; b < compiled.length; b++) {
      const pa = compiled[a];
      const pb = compiled[b];
      if (!pa || !pb || pa.rank !== pb.rank || !sameLiterals(pa, pb)) continue;
      const ma = config.routes[a].methods;
      const mb = config.routes[b].methods;
      const overlap = ma.length === 0 || mb.length === 0 || ma.some((m) => mb.includes(m));
      if (overlap) {
        issues.push({
          path: `routes[${b}].path`,
          value: config.routes[b].path,
          expected: `a path or methods that differ from routes[${a}] (${config.routes[a].id}), which matches the same requests`,
          fix: 'merge the two routes, or give them disjoint methods',
        });
      }
    }
  }

  const caseNames = new Set<string>();
  config.aht.cases.forEach((c, i) => {
    const at = `aht.cases[${i}]`;
    if (caseNames.has(c.name)) issues.push({ path: `${at}.name`, value: c.name, expected: 'a unique case name', fix: 'rename one of the cases' });
    caseNames.add(c.name);
    const specs: [string, string][] = [[`${at}.start`, c.start], ...c.end.map((e, j): [string, string] => [`${at}.end[${j}]`, e])];
    for (const [path, spec] of specs) {
      try {
        const parsed = parseRouteSpec(spec);
        if (!parsed.pattern.params.includes(c.param)) {
          issues.push({ path, value: spec, expected: `a pattern with the parameter :${c.param} (the case id)`, fix: `add /:${c.param} to the pattern or change param` });
        }
      } catch (err) {
        issues.push({ path, value: spec, expected: '"METHOD /pattern", e.g. "GET /api/inquiries/:id"', fix: (err as Error).message });
      }
    }
  });

  if (config.admin.port !== null && config.admin.port !== 0 && config.admin.port === config.server.port) {
    issues.push({ path: 'admin.port', value: config.admin.port, expected: 'a port other than server.port', fix: 'nothing admin may be reachable on the public port: pick another admin port' });
  }
  if (config.operator.from === 'jwt' && !config.operator.header && !config.operator.cookie) {
    issues.push({ path: 'operator', value: config.operator, expected: 'header or cookie carrying the JWT', fix: 'add `header: authorization` or `cookie: NAME`' });
  }
  // Redaction paths compile now, not on the first shadow result.
  const redactPaths: [string, string[]][] = [
    ['shadow.redact.allow', config.shadow.redact.allow],
    ['shadow.redact.paths', config.shadow.redact.paths],
    ...config.routes.map((r, i): [string, string[]] => [`routes[${i}].redact.allow`, r.redact?.allow ?? []]),
  ];
  for (const [at, list] of redactPaths) {
    list.forEach((pattern, j) => {
      try {
        parsePathPattern(pattern);
      } catch (err) {
        issues.push({ path: `${at}[${j}]`, value: pattern, expected: 'a JSON path like $..status or $.data.items[*].state', fix: (err as Error).message });
      }
    });
  }
  if (config.operator.from === 'session') checkSessionSource(config.operator, issues);
  return issues;
}

/** `from: session`: the login and whoami requests must parse as "METHOD /pattern". */
function checkSessionSource(operator: SessionOperatorSource, issues: ConfigIssue[]): void {
  const specs: [string, string, string][] = [['operator.login.route', operator.login.route, '"POST /login"']];
  if (operator.whoami !== null) specs.push(['operator.whoami.route', operator.whoami.route, '"GET /api/me"']);
  for (const [path, spec, example] of specs) {
    try {
      const parsed = parseRouteSpec(spec);
      if (parsed.pattern.params.length > 0 && path === 'operator.whoami.route') {
        issues.push({ path, value: spec, expected: 'a fixed path (the proxy calls it itself)', fix: `write the path legacy answers on, e.g. ${example}` });
      }
    } catch (err) {
      issues.push({ path, value: spec, expected: `"METHOD /pattern", e.g. ${example}`, fix: (err as Error).message });
    }
  }
}

function sameLiterals(a: CompiledPattern, b: CompiledPattern): boolean {
  return a.segments.every((s, i) => s.kind !== 'literal' || (b.segments[i] as { value?: string }).value === s.value);
}
