import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * The modules a source file loads when it is imported: its static value imports and
 * re-exports, followed through the project's own files (`import type` and dynamic
 * `import()` load nothing up front, so they are left out). Packages appear by name.
 */
export function staticImports(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!file.startsWith('/')) return;
    for (const spec of valueImports(readFileSync(file, 'utf8'))) visit(spec.startsWith('.') ? sourceFile(resolve(dirname(file), spec)) : packageName(spec));
  };
  visit(resolve(entry));
  return seen;
}

/**
 * The specifiers of a file's static `import ... from`, bare `import '...'` and `export ... from`
 * (types excepted), and of top-level `const x = require('...')` or `createRequire(...)('...')`.
 */
export function valueImports(text: string): string[] {
  const statements = text.matchAll(
    /^(?:import|export)\s+(?!type\b)([^;'"()]*?)\s*from\s*'([^']+)'|^import\s+'([^']+)'|^const \w+ = (?:require|createRequire\(import\.meta\.url\))\('([^']+)'\)/gm,
  );
  return [...statements].map((m) => (m[2] ?? m[3] ?? m[4])!);
}

function sourceFile(jsPath: string): string {
  const base = jsPath.replace(/\.js$/, '');
  return [`${base}.ts`, `${base}.tsx`, jsPath].find((p) => existsSync(p)) ?? jsPath;
}

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}
