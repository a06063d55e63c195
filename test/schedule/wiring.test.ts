import { describe, expect, it, beforeAll } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { cli } from '../helpers/cli.js';
import { workDir } from '../helpers/clips.js';
import { hasShared, IMAGES, MODELS } from '../helpers/shared.js';
import { zoom } from '../../src/api/zoom.js';
import { parseLayerText } from '../../src/options/layers.js';
import { scheduledLayers } from '../../src/api/scheduled-layers.js';
import { loadModel } from '../../src/dream/models/load-model.js';
import type { RenderEvent } from '../../src/pipeline/events.js';

const parseLayers = (text: string) => parseLayerText(text)!;

type FrameStart = Extract<RenderEvent, { type: 'frame-start' }>;
const FAST = ['--octaves', '1', '--steps', '1', '-l', 'inception_3b/output', '--backend', 'ort-cpu', '--size', '48'];

describe.runIf(hasShared)('schedules in presets, the library and --layers', () => {
  const dir = workDir();
  beforeAll(() => {
    process.env.DREAMREEL_MODELS = MODELS;
  });

  it('a preset file takes schedules; every frame reports the values it was made with', async () => {
    const preset = join(dir, 'pulse.json');
    writeFileSync(preset, JSON.stringify({ description: 'pulse', layers: {}, options: { zoom: '0:(1.0), 4:(1.2)', lr: '0.01 + 0.001*t', stepsNext: 1 } }));
    const { code, stdout, stderr } = await cli([
      'zoom',
      `${IMAGES}/chelsea.png`,
      '-o',
      join(dir, 'p.mp4'),
      '--frames',
      '5',
      '--preset',
      preset,
      ...FAST,
      '--json',
    ]);
    expect(code, stderr).toBe(0);
    const starts = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as RenderEvent)
      .filter((e): e is FrameStart => e.type === 'frame-start');
    expect(starts.map((e) => +e.params!.zoom!.toFixed(6))).toEqual([1, 1.05, 1.1, 1.15, 1.2]);
    expect(starts.map((e) => +e.params!.lr!.toFixed(6))).toEqual([0.01, 0.011, 0.012, 0.013, 0.014]);
  });

  it('the library takes schedules for zoom, rotate and each shift component', async () => {
    const events = await lastValueFrom(
      zoom(`${IMAGES}/chelsea.png`, {
        output: join(dir, 'lib.mp4'),
        frames: 3,
        size: 48,
        octaves: 1,
        steps: 1,
        stepsNext: 1,
        layers: 'inception_3b/output',
        backend: 'ort-cpu',
        rotate: '0:(0), 2:(4)',
        shift: ['0:(0), 2:(10)', 1],
      }).pipe(toArray()),
    );
    const starts = events.filter((e): e is FrameStart => e.type === 'frame-start');
    expect(starts.map((e) => e.params)).toEqual([
      { rotate: 0, shiftX: 0 },
      { rotate: 2, shiftX: 5 },
      { rotate: 4, shiftX: 10 },
    ]);
  });

  it("the library refuses a bad schedule with the CLI's line", async () => {
    await expect(lastValueFrom(zoom(`${IMAGES}/chelsea.png`, { output: join(dir, 'bad.mp4'), frames: 3, zoom: '0:(1), 2:(1) +' }))).rejects.toThrow(
      'Expected a number, a name or "(" for --zoom at position 15 of "0:(1), 2:(1) +" but received "the end"',
    );
  });

  it('--layers weights may be schedules: the objective crossfades from one layer to the other', async () => {
    const layers = parseLayers('inception_3a/output:(0:(1), 4:(0)), inception_3b/output:(0:(0), 4:(1)), inception_4a/output:0.5');
    expect(layers).toEqual([
      { layer: 'inception_3a/output', weight: 1, weightSchedule: '0:(1), 4:(0)' },
      { layer: 'inception_3b/output', weight: 1, weightSchedule: '0:(0), 4:(1)' },
      { layer: 'inception_4a/output', weight: 0.5 },
    ]);
    expect(parseLayers('mixed4c:(0.25)')).toEqual([{ layer: 'mixed4c', weight: 0.25 }]);
    const network = await loadModel(`${MODELS}/bvlc_googlenet`);
    const objectiveAt = scheduledLayers({ network, spec: { layers, reduce: 'mean' }, guided: false }, {}, { fps: 12, frames: 5 })!;
    expect(objectiveAt(0).description).toBe('mean(inception_3a/output) + 0·mean(inception_3b/output) + 0.5·mean(inception_4a/output)');
    expect(objectiveAt(1).description).toBe('0.75·mean(inception_3a/output) + 0.25·mean(inception_3b/output) + 0.5·mean(inception_4a/output)');
    expect(objectiveAt(4).description).toBe('0·mean(inception_3a/output) + mean(inception_3b/output) + 0.5·mean(inception_4a/output)');
    expect(() =>
      scheduledLayers(
        { network, spec: { layers: parseLayers('inception_3a/output:(0:(1), 4:(200))'), reduce: 'mean' }, guided: false },
        {},
        { fps: 12, frames: 5 },
      ),
    ).toThrow('Expected values between -100 and 100 for --layers weight of inception_3a/output but received 100.5 at frame 2 from "0:(1), 4:(200)"');
    const bad = await cli(['zoom', `${IMAGES}/chelsea.png`, '-o', join(dir, 'l.mp4'), '--frames', '2', ...FAST, '-l', 'inception_3a/output:(0:(1), 4:(0) +)']);
    expect(bad.stderr).toBe(
      'dreamreel: Expected a number, a name or "(" for --layers weight of inception_3a/output at position 15 of "0:(1), 4:(0) +" but received "the end"\n',
    );
  });
});
