import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { OrtEngine } from '../../src/dream/engines/ort/ort-engine.js';
import { objectives, Objective } from '../../src/dream/objectives/index.js';
import { dream } from '../../src/dream/ascent.js';
import { DEFAULT_DREAM } from '../../src/dream/settings.js';
import { constant } from '../../src/dream/schedule.js';
import { conv, randomImage, tinyNet } from '../helpers/tiny-nets.js';

const net = tinyNet([
  ['c1', ['data'], conv(3, 8, 3, { pads: [1, 1, 1, 1] })],
  ['r1', ['c1'], { kind: 'relu' }],
  ['p1', ['r1'], { kind: 'maxPool', kernel: [2, 2], stride: [2, 2], pads: [0, 0, 0, 0], ceilMode: false }],
  ['c2', ['p1'], conv(8, 6, 3, { pads: [1, 1, 1, 1] })],
  ['r2', ['c2'], { kind: 'relu' }],
  [
    'fc',
    ['r2'],
    { kind: 'dense', weight: Float32Array.from({ length: 4 * 6 * 16 * 16 }, (_, i) => Math.sin(i) * 0.05), bias: new Float32Array(4), outFeatures: 4 },
  ],
]);
const engine = new OrtEngine(ort, net, { device: 'cpu', threads: 1 });
const threeSteps = { ...DEFAULT_DREAM, octaves: 1, steps: 3, jitter: 0, blur: constant(0), stepSize: constant(0.02) };

describe('objectives (lucid-style property: each rises after three steps on a tiny model at 32x32)', () => {
  const image = randomImage(32, 32);
  const guide = randomImage(32, 32, 99);
  const cases: [string, () => Promise<Objective>][] = [
    ['layer mean of squares', async () => objectives.layer('r2')],
    ['layer mean', async () => objectives.layer('r1', 'mean')],
    ['channel', async () => objectives.channel('r2', 3)],
    ['class logit', async () => objectives.classLogit('fc', 2)],
    ['weighted sum', async () => objectives.layer('r1').plus(objectives.channel('r2', 1).times(0.5))],
    ['cropped border', async () => objectives.cropped('r2', 0.2)],
    ['guide image', async () => objectives.guide('r2', (await engine.activations(guide, ['r2'])).get('r2')!)],
  ];
  for (const [name, make] of cases) {
    it(name, async () => {
      const objective = await make();
      const before = objective.loss(await engine.activations(image, objective.layers));
      const after = objective.loss(await engine.activations(await dream(engine, image, objective, threeSteps), objective.layers));
      expect(after).toBeGreaterThan(before);
    });
  }

  it('composes and describes itself', () => {
    const o = objectives.layer('inception_4c/output').plus(objectives.channel('inception_4d/output', 139).times(0.3));
    expect(o.description).toBe('mean(inception_4c/output²) + 0.3·mean(inception_4d/output[139])');
    expect(o.layers).toEqual(['inception_4c/output', 'inception_4d/output']);
  });

  it('linear seeds equal the seeds computed from activations', async () => {
    const o = objectives.layer('r2').plus(objectives.channel('r2', 2, 'mean').times(3));
    const acts = await engine.activations(image, ['r2']);
    const a = acts.get('r2')!;
    const { scale, shift } = o.linearSeeds(new Map([['r2', a.shape]]))!.get('r2')!;
    const seeds = o.seeds(acts).get('r2')!;
    const plane = a.shape[1] * a.shape[2];
    for (const i of [0, 17, 2 * plane + 5, 5 * plane + 30])
      expect(seeds[i]).toBeCloseTo(a.data[i]! * scale[Math.floor(i / plane)]! + shift[Math.floor(i / plane)]!, 6);
  });
});
