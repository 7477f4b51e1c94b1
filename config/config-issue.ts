/** One problem found in a configuration: where, what was there, what was expected, and how to fix it. */
export interface ConfigIssue {
  /** Key path such as `routes[2].percent` (empty for the document itself). */
  path: string;
  /** The offending value (undefined when the key is missing). */
  value: unknown;
  expected: string;
  fix: string;
}

/** Format issues one per line, for the CLI and for error messages. */
export function formatIssues(issues: readonly ConfigIssue[]): string {
  return issues
    .map((i) => `  - ${i.path || '(document)'}: got ${showValue(i.value)}; expected ${i.expected}. Fix: ${i.fix}`)
    .join('\n');
}

function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 80 ? text.slice(0, 77) + '...' : text;
}
