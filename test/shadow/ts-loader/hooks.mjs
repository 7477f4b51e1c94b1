// Module hooks for worker threads in tests: `.js` specifiers fall back to the `.ts` source (NodeNext
// style imports), and `.ts` files have their types stripped (no type check). Uses the transformer
// vitest itself ships (rolldown's oxc), else TypeScript's transpileModule (slower to load).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const strip = await import('rolldown/experimental').then(
  (m) => (file, source) => m.transformSync(file, source).code,
  async () => {
    const { default: ts } = await import('typescript');
    return (file, source) =>
      ts.transpileModule(source, { fileName: file, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  },
);

export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    if (!specifier.endsWith('.js') || !(specifier.startsWith('.') || specifier.startsWith('file:'))) throw err;
    return next(`${specifier.slice(0, -3)}.ts`, context);
  }
}

export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const file = fileURLToPath(url);
  return { format: 'module', source: strip(file, await readFile(file, 'utf8')), shortCircuit: true };
}
