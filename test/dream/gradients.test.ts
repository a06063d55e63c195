import { describe, expect, it, beforeAll } from 'vitest';
import * as ort from 'onnxruntime-node';
import * as tf from '@tensorflow/tfjs';
import { OrtEngine } from '../../src/dream/engines/ort/ort-engine.js';
import { TfjsEngine } from '../../src/dream/engines/tfjs/tfjs-engine.js';
import { objectives } from '../../src/dream/objectives/index.js';
import { referenceGradient } from '../helpers/reference-tf.js';
import type { ConvOp } from '../../src/dream/network/graph.js';
import { convPads, layerShapes } from '../../src/dream/network/shapes.js';
import { phasePlan } from '../../src/dream/ops/conv/phase-gradient.js';
import { blockyImage, conv, everyOpNet, randomImage, relativeError, tiedPoolsNet, tinyNet } from '../helpers/tiny-nets.js';

// 25x25 after stride 2 is 13x13: odd sizes exercise ceil-mode pooling and "same" padding's odd pixel.
const SIZE = 25;

describe('input gradients of every op rule', () => {
  const net = everyOpNet();
  const ortEngine = new OrtEngine(ort, net, { device: 'cpu', threads: 1 });
  let tfEngine: TfjsEngine;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    tfEngine = new TfjsEngine(tf, net, 'cpu');
  });

  const layers = ['r1', 'p1', 'n1', 'cat', 'mq', 'cat2', 'n2', 'r2', 's2', 'sum', 'avg', 'fc', 'prob'];
  for (const layer of layers) {
    it(`${layer}: ONNX reverse rules match tfjs's own tf.grad on the cpu backend`, async () => {
      const image = randomImage(SIZE, SIZE);
      const { gradient } = await ortEngine.lossAndGradient(image, objectives.layer(layer));
      expect(relativeError(referenceGradient(net, image, layer), gradient)).toBeLessThan(1e-4);
    });

    it(`${layer}: tfjs (custom conv gradients) matches ONNX`, async () => {
      const image = randomImage(SIZE, SIZE, 3);
      const objective = objectives.layer(layer);
      const a = await ortEngine.lossAndGradient(image, objective);
      const b = await tfEngine.lossAndGradient(image, objective);
      expect(relativeError(a.gradient, b.gradient)).toBeLessThan(1e-4);
      expect(b.loss).toBeCloseTo(a.loss, 3);
    });
  }

  // Strided convolutions take their input gradient through ConvTranspose, whose output padding
  // depends on every pad, or (phases: true) through one convolution per phase woven by DepthToSpace.
  const strided = [
    { k: 7, s: 2, pads: [3, 3, 3, 3], size: [32, 29], phases: true },
    { k: 7, s: 2, pads: [2, 3, 4, 1], size: [31, 30], phases: true },
    { k: 6, s: 2, pads: [2, 2, 2, 2], size: [27, 26], phases: true },
    { k: 9, s: 3, pads: [3, 3, 5, 2], size: [29, 31], phases: true },
    { k: 7, s: 2, same: true, size: [27, 24], phases: true },
    { k: 3, s: 2, pads: [0, 1, 1, 0], size: [25, 26], phases: false },
    { k: 4, s: 3, pads: [2, 0, 1, 2], size: [23, 31], phases: false },
    { k: 1, s: 2, pads: [0, 0, 0, 0], size: [17, 18], phases: false },
    { k: 5, s: 2, same: true, size: [27, 24], phases: false },
  ] as const;
  for (const c of strided) {
    it(`strided conv ${c.k}x${c.k} stride ${c.s} ${'same' in c ? 'same' : `pads ${c.pads.join(',')}`} at ${c.size.join('x')}: the input gradient matches tf.grad`, async () => {
      const options = 'same' in c ? { stride: [c.s, c.s] as const, same: true } : { stride: [c.s, c.s] as const, pads: c.pads };
      const net = tinyNet([
        ['c1', ['data'], conv(3, 6, c.k, options)],
        ['r1', ['c1'], { kind: 'relu' }],
      ]);
      const op = net.nodes.find((n) => n.name === 'c1')!.op as ConvOp;
      const [w, h] = c.size; // randomImage below takes width, height
      const [oh, ow] = layerShapes(net, ['c1'], h, w).get('c1')!.slice(1);
      expect(phasePlan(op, convPads(op, h, w), [h, w], [oh!, ow!]) !== undefined).toBe(c.phases);
      const engine = new OrtEngine(ort, net, { device: 'cpu', threads: 1 });
      const image = randomImage(c.size[0], c.size[1], 11);
      const { gradient } = await engine.lossAndGradient(image, objectives.layer('r1'));
      expect(relativeError(referenceGradient(net, image, 'r1'), gradient)).toBeLessThan(1e-4);
      await engine.dispose();
    });
  }

  it('max pools after a ReLU send each window to one input, ties and all', async () => {
    const tied = tiedPoolsNet();
    const engine = new OrtEngine(ort, tied, { device: 'cpu', threads: 1 });
    for (const [width, height] of [
      [SIZE + 7, SIZE],
      [SIZE, SIZE + 1],
    ]) {
      const image = blockyImage(width!, height!);
      for (const layer of ['p1', 'p2']) {
        const { gradient } = await engine.lossAndGradient(image, objectives.layer(layer));
        expect(relativeError(referenceGradient(tied, image, layer), gradient)).toBeLessThan(1e-4);
      }
    }
    await engine.dispose();
  });

  it('tfjs custom conv gradients equal plain tf.grad through tf.conv2d', async () => {
    // The reference: tfjs's own gradient of the same strided, padded convolution.
    const x = tf.randomNormal<tf.Rank.R4>([1, 9, 11, 4]);
    const w = tf.randomNormal<tf.Rank.R4>([3, 3, 4, 5]);
    const reference = tf.grad((input: tf.Tensor) =>
      tf
        .conv2d(
          tf.pad(input as tf.Tensor4D, [
            [0, 0],
            [1, 1],
            [1, 1],
            [0, 0],
          ]),
          w,
          2,
          'valid',
        )
        .square()
        .sum(),
    )(x);
    const { convTfjs } = await import('../../src/dream/ops/conv/tfjs.js');
    const oihw = new Float32Array(5 * 4 * 9);
    const hwio = await w.data();
    for (let o = 0; o < 5; o++)
      for (let i = 0; i < 4; i++)
        for (let y = 0; y < 3; y++) for (let xx = 0; xx < 3; xx++) oihw[((o * 4 + i) * 3 + y) * 3 + xx] = hwio[((y * 3 + xx) * 4 + i) * 5 + o]!;
    const node = {
      name: 'c',
      inputs: ['data'],
      op: {
        kind: 'conv' as const,
        weight: oihw,
        bias: new Float32Array(5),
        outChannels: 5,
        inChannels: 4,
        kernel: [3, 3] as const,
        stride: [2, 2] as const,
        pads: [1, 1, 1, 1] as const,
        groups: 1,
      },
    };
    const prepared = convTfjs.prepare!(tf, node);
    const ours = tf.grad((input: tf.Tensor) =>
      convTfjs
        .forward({ tf, node, prepared, inputs: [input as tf.Tensor4D], inShapes: [[4, 9, 11]] })
        .square()
        .sum(),
    )(x);
    expect(relativeError((await reference.data()) as Float32Array, (await ours.data()) as Float32Array)).toBeLessThan(1e-5);
  });
});
