import { describe, expect, it } from 'vitest';
import { staticImports } from '../helpers/import-graph.js';

const packagesLoadedBy = (entry: string): string[] => [...staticImports(entry)].filter((m) => !m.startsWith('/') && !m.startsWith('node:'));

describe('start-up', () => {
  // zod is the options model: --help shows its defaults (about 25 ms of start-up; bench/startup.ts measures it).
  it('the CLI entry point loads only commander, env-paths and zod: engines, sharp, ffmpeg, rxjs, Ink load when a command needs them', () => {
    expect(packagesLoadedBy('src/cli/main.ts').sort()).toEqual(['commander', 'env-paths', 'zod']);
  });

  it('a command run loads Ink and React only through the terminal sink', () => {
    expect(packagesLoadedBy('src/cli/run-frames.ts')).not.toContain('ink');
    expect(packagesLoadedBy('src/tui/terminal-sink.tsx')).toEqual(expect.arrayContaining(['ink', 'react']));
  });

  it('no engine module loads tfjs up front: backends import it when they start', () => {
    for (const entry of ['src/api/session.ts', 'src/dream/engines/tfjs/tfjs-engine.ts', 'src/dream/engines/ort/ort-engine.ts']) {
      expect(
        packagesLoadedBy(entry).filter((p) => p.startsWith('@tensorflow/')),
        entry,
      ).toEqual([]);
    }
  });
});
