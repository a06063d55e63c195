import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staticImports, valueImports } from '../helpers/import-graph.js';

const sourcesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));

describe('ops and engines', () => {
  it('the ONNX Runtime engine loads no tfjs', () => {
    const loaded = [...staticImports('src/dream/engines/ort/ort-engine.ts')];
    expect(loaded.some((m) => m.includes('/src/dream/ops/conv/onnx.ts'))).toBe(true);
    expect(loaded.filter((m) => m.startsWith('@tensorflow/') || m.endsWith('/tfjs.ts'))).toEqual([]);
  });

  it('the tfjs engine loads no ONNX graph code', () => {
    const loaded = [...staticImports('src/dream/engines/tfjs/tfjs-engine.ts')];
    expect(loaded.some((m) => m.includes('/src/dream/ops/conv/tfjs.ts'))).toBe(true);
    expect(loaded.filter((m) => m.includes('/src/dream/onnx/') || m.endsWith('/onnx.ts') || m === 'onnxruntime-node' || m === 'protobufjs')).toEqual([]);
  });

  it('ops and the ONNX graph builder never reach into an engine, and load tfjs only as types', () => {
    for (const file of [...sourcesUnder('src/dream/ops'), ...sourcesUnder('src/dream/onnx')]) {
      const imports = valueImports(readFileSync(file, 'utf8'));
      expect(imports.filter((spec) => spec.includes('/engines/') || spec.startsWith('@tensorflow/')), file).toEqual([]);
    }
  });
});

describe('rooms and their doors', () => {
  /** Every module a file names, statically or with import(), types excepted. */
  const namedImports = (file: string): string[] => {
    const text = readFileSync(file, 'utf8');
    const dynamic = [...text.matchAll(/import\('([^']+)'\)/g)].map((m) => m[1]!);
    return [...valueImports(text), ...dynamic].filter((spec) => spec.startsWith('.')).map((spec) => join(file, '..', spec).replace(/\\/g, '/'));
  };

  it('the library imports nothing from the CLI', () => {
    for (const file of sourcesUnder('src/api')) expect(namedImports(file).filter((m) => m.includes('src/cli/')), file).toEqual([]);
  });

  it('the CLI reaches dream, pipeline and flow only through the library (types excepted)', () => {
    for (const file of [...sourcesUnder('src/cli')]) {
      expect(namedImports(file).filter((m) => /src\/(dream|pipeline|flow|options)\//.test(m)), file).toEqual([]);
    }
  });

  it('the options model imports no room', () => {
    for (const file of sourcesUnder('src/options')) expect(namedImports(file).filter((m) => !m.startsWith('src/options/') && m !== 'src/errors.js'), file).toEqual([]);
  });
});
