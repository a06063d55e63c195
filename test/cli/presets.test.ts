import { describe, expect, it, beforeAll } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { listPresets, loadPreset, MODULES_KEY, presetLayersByModules } from '../../src/api/presets.js';
import { hasShared, IMAGES, MODELS } from '../helpers/shared.js';
import { workDir } from '../helpers/clips.js';
import { REGISTRY } from '../../src/dream/models/registry.js';

describe('presets', () => {
  const dir = workDir();
  beforeAll(() => {
    process.env.DREAMREEL_MODELS = MODELS;
  });

  it('every bundled preset validates and names layers for every registry model', () => {
    const presets = listPresets();
    expect(presets.map((p) => p.name)).toEqual(['classic', 'eyes-and-animals', 'fractal-textures', 'slow-zoom', 'soft-video']);
    for (const p of presets)
      expect(
        Object.keys(p.layers)
          .filter((k) => !k.startsWith(MODULES_KEY))
          .sort(),
      ).toEqual(REGISTRY.map((e) => e.name).sort());
  });

  it('names layers for a model file by a pattern of its module paths', () => {
    expect(presetLayersByModules('classic', ['conv1', 'layer1', 'layer3', 'layer4'])).toBe('layer3');
    expect(presetLayersByModules('eyes-and-animals', ['Mixed_5b', 'Mixed_7c'])).toBe('Mixed_6e,Mixed_7a:0.5');
    expect(presetLayersByModules('classic', ['features.2', 'features.290'])).toBeUndefined();
  });

  it('explains what is wrong with a bad preset file', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ description: 'x', layers: {}, options: { octaves: 'many' } }));
    // The flag's own range and message (the options model), named by its place in the file.
    expect(() => loadPreset(bad)).toThrow(`preset ${bad}: Expected an integer between 1 and 12 for options.octaves but received "many"`);
    writeFileSync(bad, JSON.stringify({ description: 'x', layers: {}, options: { octaves: 40 } }));
    expect(() => loadPreset(bad)).toThrow(`preset ${bad}: Expected an integer between 1 and 12 for options.octaves but received 40`);
    writeFileSync(bad, JSON.stringify({ description: 'x', layers: {}, options: { octavez: 3 } }));
    expect(() => loadPreset(bad)).toThrow(`preset ${bad}: unknown option "octavez" in options`);
  });

  it.runIf(hasShared)('a preset sets defaults and the command line wins', async () => {
    const { code, stdout } = await cli([
      'image',
      `${IMAGES}/coffee.png`,
      '-o',
      join(dir, 'c.png'),
      '--preset',
      'eyes-and-animals',
      '--octaves',
      '1',
      '--steps',
      '1',
      '--size',
      '96',
      '--json',
    ]);
    expect(code).toBe(0);
    const events = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; objective?: string; octaves?: number });
    expect(events[0]!.objective).toBe('mean(inception_4d/output²) + 0.5·mean(inception_4e/output²)');
    expect(events.find((e) => e.type === 'step')!.octaves).toBe(1);
  });

  it('rejects an unknown preset with the list', async () => {
    const { code, stderr } = await cli(['image', '--start', 'grey', '-o', join(dir, 'x.png'), '--preset', 'nope']);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'dreamreel: unknown preset "nope": expected one of classic, eyes-and-animals, fractal-textures, slow-zoom, soft-video, or a preset file\n',
    );
  });
});

describe.runIf(hasShared)('dreamreel zoom and preview', () => {
  const dir = workDir();
  it('makes a ping-pong GIF loop of the right length', async () => {
    const out = join(dir, 'loop.gif');
    const { code, stderr } = await cli([
      'zoom',
      `${IMAGES}/astronaut.png`,
      '-o',
      out,
      '--size',
      '96',
      '--frames',
      '6',
      '--octaves',
      '2',
      '--steps',
      '2',
      '--steps-next',
      '1',
      '--rotate',
      '1',
      '--pingpong',
    ]);
    expect(code, stderr).toBe(0);
    const { probe } = await import('../helpers/clips.js');
    const video = probe(out).streams[0] as { codec_name: string; nb_read_frames?: string };
    expect(video.codec_name).toBe('gif');
    expect(Number(video.nb_read_frames)).toBe(6 + 4);
  });

  it('previews a frame of a clip in the terminal', async () => {
    const { code, stdout } = await cli(['preview', 'samples/clip.mp4', '--frame', '10', '--size', '64', '--columns', '16', '--octaves', '1', '--steps', '1']);
    expect(code).toBe(0);
    const rows = stdout.trim().split('\n');
    expect(rows).toHaveLength(5); // 64x36 drawn 16 wide: 9 pixel rows -> 5 rows of two
    expect(rows[0]!.match(/▀/g)).toHaveLength(16);
  });
});
