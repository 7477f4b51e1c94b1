/**
 * Array indices in a difference path become `[*]`, so that `$.items[3].price` and `$.items[7].price`
 * count as one differing path. Quoted keys (`$['a.b']`) are kept as they are.
 */
export function generalizePath(path: string): string {
  return path.replace(/\[(\d+)\]/g, '[*]');
}
