import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import * as tf from '@tensorflow/tfjs';
import { OrtEngine } from '../../src/dream/engines/ort/ort-engine.js';
import { TfjsEngine } from '../../src/dream/engines/tfjs/tfjs-engine.js';
import { objectives } from '../../src/dream/objectives/index.js';
import { dream, type StepEvent } from '../../src/dream/ascent.js';
import { DEFAULT_DREAM } from '../../src/dream/settings.js';
import { octaveBases, reinjectDetail } from '../../src/dream/octaves.js';
import { roll, flipHorizontal } from '../../src/dream/transforms.js';
import { spans } from '../../src/dream/tiling.js';
import { resizeImage, rgbImage, meanAbsDifference } from '../../src/image/image.js';
import { gaussianBlur } from '../../src/dream/gradient-processing.js';
import { conv, randomImage, tinyNet } from '../helpers/tiny-nets.js';

const net = tinyNet([
  ['c1', ['data'], conv(3, 8, 3, { pads: [1, 1, 1, 1] })],
  ['r1', ['c1'], { kind: 'relu' }],
  ['c2', ['r1'], conv(8, 8, 3, { stride: [2, 2], pads: [1, 1, 1, 1] })],
  ['r2', ['c2'], { kind: 'relu' }],
]);
const small = { ...DEFAULT_DREAM, octaves: 3, octaveScale: 1.5, steps: 4, jitter: 4 };

describe('octaves and transforms', () => {
  it('octave bases shrink by the scale, smallest first, and stop at the minimum side', () => {
    const bases = octaveBases(randomImage(90, 60), 4, 1.5, 20);
    expect(bases.map((b) => [b.width, b.height])).toEqual([
      [40, 27],
      [60, 40],
      [90, 60],
    ]);
  });

  it('reinjects the dreamed detail: base + upsampled (dream - previous base)', () => {
    const base = randomImage(40, 40);
    const prevBase = resizeImage(base, 20, 20);
    const prevDream = rgbImage(
      20,
      20,
      prevBase.data.map((v) => v + 0.1),
    );
    const next = reinjectDetail(base, prevDream, prevBase);
    for (let i = 0; i < next.data.length; i += 97) expect(next.data[i]).toBeCloseTo(base.data[i]! + 0.1, 5);
    // The base's own high frequencies survive (what plain upsampling of the small dream would lose).
    expect(meanAbsDifference(next, resizeImage(prevDream, 40, 40))).toBeGreaterThan(0.02);
  });

  it('roll and unroll, flip and flip back, are identities', () => {
    const img = randomImage(13, 7);
    expect(roll(roll(img.data, 13, 7, 5, -3), 13, 7, -5, 3)).toEqual(img.data);
    expect(flipHorizontal(flipHorizontal(img.data, 13, 7), 13, 7)).toEqual(img.data);
    expect(roll(img.data, 13, 7, 1, 0)[3]).toBe(img.data[0]);
  });

  it('tiles cover the frame in near-equal spans', () => {
    expect(spans(1000, 512)).toEqual([
      [0, 500],
      [500, 500],
    ]);
    expect(spans(1001, 512)).toEqual([
      [0, 501],
      [501, 500],
    ]);
    expect(spans(300, 512)).toEqual([[0, 300]]);
  });

  it('gaussian blur keeps the mean and smooths', () => {
    const img = randomImage(16, 16);
    const blurred = gaussianBlur(img.data, 16, 16, 2);
    const mean = (a: Float32Array): number => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(blurred)).toBeCloseTo(mean(img.data), 2);
    const variance = (a: Float32Array): number => a.reduce((s, v) => s + (v - mean(a)) ** 2, 0);
    expect(variance(blurred)).toBeLessThan(variance(img.data) / 4);
  });
});

describe('the dream loop', () => {
  const engine = new OrtEngine(ort, net, { device: 'cpu', threads: 1 });

  it('reports every step of every octave, at growing sizes, and keeps pixels in range', async () => {
    const events: StepEvent[] = [];
    const out = await dream(engine, randomImage(48, 40), objectives.layer('r2'), small, { onStep: (e) => events.push(e) });
    expect(events).toHaveLength(3 * 4);
    expect([...new Set(events.map((e) => `${e.width}x${e.height}`))]).toEqual(['21x18', '32x27', '48x40']);
    expect([out.width, out.height]).toEqual([48, 40]);
    expect(Math.min(...out.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...out.data)).toBeLessThanOrEqual(1);
  });

  it('is byte-identical for one seed and differs for another', async () => {
    const img = randomImage(40, 40);
    const a = await dream(engine, img, objectives.layer('r2'), { ...small, seed: 5 });
    const b = await dream(engine, img, objectives.layer('r2'), { ...small, seed: 5 });
    const c = await dream(engine, img, objectives.layer('r2'), { ...small, seed: 6 });
    expect(Buffer.from(a.data.buffer).equals(Buffer.from(b.data.buffer))).toBe(true);
    expect(meanAbsDifference(a, c)).toBeGreaterThan(1e-4);
  });

  it('tiles large frames with random offsets and still raises the loss', async () => {
    const img = randomImage(100, 70);
    const o = objectives.layer('r2');
    const before = o.loss(await engine.activations(img, ['r2']));
    const out = await dream(engine, img, o, { ...small, octaves: 1, tileSize: 64 });
    expect(o.loss(await engine.activations(out, ['r2']))).toBeGreaterThan(before);
  });

  it('keeps the source colours with --original-colors', async () => {
    const img = randomImage(32, 32);
    const out = await dream(engine, img, objectives.layer('r2'), { ...small, originalColors: true });
    const chroma = (d: Float32Array, i: number): number => -0.168736 * d[i]! - 0.331264 * d[i + 1]! + 0.5 * d[i + 2]!;
    for (let i = 0; i < img.data.length; i += 3 * 37) expect(Math.abs(chroma(out.data, i) - chroma(img.data, i))).toBeLessThan(0.03);
  });

  it('leaks no tfjs tensors: numTensors after 100 dreams equals that after 1', async () => {
    await tf.setBackend('cpu');
    const tfEngine = new TfjsEngine(tf, net, 'cpu');
    const settings = { ...small, octaves: 2, steps: 1 };
    const img = randomImage(24, 24);
    await dream(tfEngine, img, objectives.layer('r2'), settings);
    const after1 = tf.memory().numTensors;
    for (let i = 0; i < 100; i++)
      await dream(tfEngine, img, i % 2 ? objectives.layer('r1') : objectives.guide('r2', (await tfEngine.activations(img, ['r2'])).get('r2')!), settings);
    expect(tf.memory().numTensors).toBe(after1);
    await tfEngine.dispose();
  });
});
