import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import * as tf from '@tensorflow/tfjs';
import { OrtEngine } from '../../src/dream/engines/ort/ort-engine.js';
import { TfjsEngine } from '../../src/dream/engines/tfjs/tfjs-engine.js';
import { modelFiles } from '../../src/dream/models/model-hash.js';
import { loadModel } from '../../src/dream/models/load-model.js';
import { onnxReadModelType } from '../../src/dream/models/onnx/onnx-proto.js';
import { resolveLayer, type Network } from '../../src/dream/network/graph.js';
import { objectives } from '../../src/dream/objectives/index.js';
import type { RgbImage } from '../../src/image/image.js';
import { checkLayer } from '../../src/dream/objective-spec.js';
import { referenceGradient } from '../helpers/reference-tf.js';
import { everyOnnxOpModel, EVERY_OP_OUTPUTS } from '../helpers/onnx-models.js';
import { randomImage, relativeError } from '../helpers/tiny-nets.js';

const SIZE = 25;
const dir = mkdtempSync(join(tmpdir(), 'dreamreel-onnx-'));

/** The model file run by ONNX Runtime itself, on the image preprocessed as dreamreel does: the independent forward reference. */
async function runFile(bytes: Uint8Array, net: Network, image: RgbImage, outputs: readonly string[]): Promise<Map<string, Float32Array>> {
  const session = await ort.InferenceSession.create(bytes);
  const { width, height } = image;
  const x = new Float32Array(3 * width * height);
  for (let c = 0; c < 3; c++)
    for (let i = 0; i < width * height; i++) x[c * width * height + i] = image.data[i * 3 + c]! * net.preprocess.scale[c]! + net.preprocess.offset[c]!;
  const result = await session.run({ image: new ort.Tensor('float32', x, [1, 3, height, width]) }, [...outputs]);
  await session.release();
  return new Map(outputs.map((o) => [o, result[o]!.data as Float32Array]));
}

const finishWithoutHead = (): Uint8Array => everyOnnxOpModel(16, { dynamic: true, withoutHead: true }).bytes;
const maxAbsDifference = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('ONNX models', () => {
  const model = everyOnnxOpModel(16, { dynamic: true });
  const path = join(dir, 'every-op.onnx');
  writeFileSync(path, model.bytes);
  let net: Network;
  let ortEngine: OrtEngine;
  let tfEngine: TfjsEngine;
  beforeAll(async () => {
    net = await loadModel(path);
    ortEngine = new OrtEngine(ort, net, { device: 'cpu', threads: 1 });
    await tf.setBackend('cpu');
    tfEngine = new TfjsEngine(tf, net, 'cpu');
  });
  afterAll(async () => {
    await ortEngine.dispose();
    await tfEngine.dispose();
  });

  it('names layers by module path, folds BatchNorm into the convolution before it, keeps a shared one as its own op', () => {
    expect(net.modulePaths).toEqual(['norm', 'stem', 'block', 'pool', 'b1', 'b2', 'b3', 'mixed', 'classifier', 'aux']);
    expect(net.nodes.find((n) => n.name === resolveLayer(net, 'stem'))!.inputs.map((i) => net.nodes.find((n) => n.name === i)?.op.kind)).toEqual(['conv']);
    expect(net.nodes.filter((n) => n.op.kind === 'affine')).toHaveLength(4); // Sub, Div of the input; the BatchNorm whose conv output feeds the Add too; Mul by 0.5
    expect(resolveLayer(net, model.outputs.mixed!)).toBe(resolveLayer(net, 'mixed'));
    expect(resolveLayer(net, 'mixed/b1')).toBe(resolveLayer(net, 'b1'));
    expect(net.logits).toBe(net.nodes.find((n) => n.op.kind === 'softmax')!.inputs[0]);
  });

  it('computes what ONNX Runtime computes from the file itself, at a size other than the declared one', async () => {
    const image = randomImage(SIZE, SIZE);
    const names = EVERY_OP_OUTPUTS.map((p) => model.outputs[p]!);
    // ONNX Runtime runs the whole file, so its reference copy leaves out the head fixed to 16x16.
    const expected = await runFile(finishWithoutHead(), net, image, names);
    const got = await ortEngine.activations(
      image,
      EVERY_OP_OUTPUTS.map((p) => resolveLayer(net, p)),
    );
    for (const p of EVERY_OP_OUTPUTS) {
      const want = expected.get(model.outputs[p]!)!;
      const have = got.get(resolveLayer(net, p))!.data;
      expect(have.length, p).toBe(want.length);
      expect(maxAbsDifference(have, want), p).toBeLessThan(1e-4 * Math.max(1, ...want.map(Math.abs)));
    }
  });

  it('a classifier head fixed to the declared size runs at that size', async () => {
    const fixed = everyOnnxOpModel(16, { opset: 13 });
    const fixedPath = join(dir, 'fixed.onnx');
    writeFileSync(fixedPath, fixed.bytes);
    const fixedNet = await loadModel(fixedPath);
    const engine = new OrtEngine(ort, fixedNet, { device: 'cpu', threads: 1 });
    const image = randomImage(16, 16, 5);
    const want = (await runFile(fixed.bytes, fixedNet, image, [fixed.outputs.aux!])).get(fixed.outputs.aux!)!;
    const have = (await engine.activations(image, [resolveLayer(fixedNet, 'aux')])).get(resolveLayer(fixedNet, 'aux'))!.data;
    expect(maxAbsDifference(have, want)).toBeLessThan(1e-4);
    await engine.dispose();
  });

  for (const path of EVERY_OP_OUTPUTS) {
    it(`${path}: input gradients match tfjs's own tf.grad, on ONNX Runtime and on tfjs`, async () => {
      const image = randomImage(SIZE, SIZE, 3);
      const layer = resolveLayer(net, path);
      const a = await ortEngine.lossAndGradient(image, objectives.layer(layer));
      expect(relativeError(referenceGradient(net, image, layer), a.gradient)).toBeLessThan(1e-4);
      const b = await tfEngine.lossAndGradient(image, objectives.layer(layer));
      expect(relativeError(a.gradient, b.gradient)).toBeLessThan(1e-4);
    });
  }

  it('reads weights stored as external data beside the file', async () => {
    const Model = onnxReadModelType();
    const decoded = Model.toObject(Model.decode(model.bytes), { bytes: Array }) as {
      graph: { initializer: { name: string; raw_data?: number[]; external_data?: object[]; data_location?: number }[] };
    };
    const chunks: number[] = [];
    for (const t of decoded.graph.initializer) {
      if (!t.raw_data || t.raw_data.length < 64) continue;
      t.external_data = [
        { key: 'location', value: 'weights.bin' },
        { key: 'offset', value: String(chunks.length) },
        { key: 'length', value: String(t.raw_data.length) },
      ];
      t.data_location = 1;
      chunks.push(...t.raw_data);
      delete t.raw_data;
    }
    expect(chunks.length).toBeGreaterThan(1000);
    const external = join(dir, 'external');
    mkdirSync(external);
    writeFileSync(join(external, 'weights.bin'), Uint8Array.from(chunks));
    writeFileSync(join(external, 'model.onnx'), Model.encode(Model.fromObject(decoded)).finish());
    const fromExternal = await loadModel(join(external, 'model.onnx'));
    // Known by content: the external weights are part of the model's hash.
    expect(modelFiles('onnx', join(external, 'model.onnx')).sort()).toEqual([join(external, 'model.onnx'), join(external, 'weights.bin')]);
    expect(fromExternal.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    const engine = new OrtEngine(ort, fromExternal, { device: 'cpu', threads: 1 });
    const image = randomImage(SIZE, SIZE, 9);
    const layer = resolveLayer(net, 'mixed');
    const a = (await engine.activations(image, [resolveLayer(fromExternal, 'mixed')])).get(resolveLayer(fromExternal, 'mixed'))!.data;
    const b = (await ortEngine.activations(image, [layer])).get(layer)!.data;
    expect(maxAbsDifference(a, b)).toBe(0);
    await engine.dispose();
  });

  it('an operator it cannot run gets one line naming the op, the node and the nearest layer that can be dreamed', () => {
    expect(() => checkLayer(net, 'odd')).toThrow(
      /^layer "odd" cannot be dreamed: ONNX node "\/odd\/Erf__\d+" \(Erf\) cannot run in dreamreel; the nearest layer that can be dreamed is \/mixed\/Mul__\d+$/,
    );
    expect(checkLayer(net, 'mixed')).toBe(resolveLayer(net, 'mixed'));
  });
});
