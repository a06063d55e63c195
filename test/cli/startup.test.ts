import { describe, expect, it } from 'vitest';
import { staticImports } from '../helpers/import-graph.js';

const packagesLoadedBy = (entry: string): string[] => [...staticImports(entry)].filter((m) => !m.startsWith('/') && !m.startsWith('node:'));

describe('start-up', () => {
  it('the CLI entry point loads only commander and env-paths: engines, sharp, ffmpeg, rxjs, Ink, zod load when a command needs them', () => {
    expect(packagesLoadedBy('src/cli/main.ts').sort()).toEqual(['commander', 'env-paths']);
  });

  it('a command run loads Ink and React only through the terminal sink', () => {
    expect(packagesLoadedBy('src/cli/frame-run.ts')).not.toContain('ink');
    expect(packagesLoadedBy('src/tui/terminal-sink.tsx')).toEqual(expect.arrayContaining(['ink', 'react']));
  });

  it('no engine module loads tfjs up front: backends import it when they start', () => {
    for (const entry of ['src/cli/session.ts', 'src/dream/engines/tfjs/tfjs-engine.ts', 'src/dream/engines/ort/ort-engine.ts']) {
      expect(packagesLoadedBy(entry).filter((p) => p.startsWith('@tensorflow/')), entry).toEqual([]);
    }
  });
});
