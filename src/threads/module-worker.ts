import { Worker } from 'node:worker_threads';

/**
 * A worker thread running the module `entry` (a URL beside the caller's module, named with
 * the caller's extension). From the TypeScript sources (tests, benches) the worker compiles its
 * module with tsx; from dist/ it runs the built .js.
 */
export function startModuleWorker(entry: URL): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry);
  return new Worker(`import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(entry.href)}))`, { eval: true });
}

/** The worker's module beside `importer` (an import.meta.url): `name`.ts from the sources, `name`.js from dist/. */
export const siblingModule = (importer: string, name: string): URL => new URL(`./${name}${importer.endsWith('.ts') ? '.ts' : '.js'}`, importer);
