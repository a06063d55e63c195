import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { parseTextProto, first, all } from '../../src/dream/models/prototxt.js';
import { caffeNetwork } from '../../src/dream/models/caffe/caffe-network.js';
import { caffeNetParameter, caffemodelWeights } from '../../src/dream/models/caffe/caffemodel.js';
import { graphDefType } from '../../src/dream/models/graphdef/graphdef-schema.js';
import { graphDefNetwork } from '../../src/dream/models/graphdef/graphdef-network.js';
import { loadModel } from '../../src/dream/models/load-model.js';
import { OrtEngine } from '../../src/dream/engines/ort/ort-engine.js';
import { startEngine } from '../../src/dream/engines/select-engine.js';
import { rgbImage } from '../../src/image/image.js';
import { hasShared, MODELS, photo, topClasses } from '../helpers/shared.js';

const TINY_PROTOTXT = `
name: "Tiny" # a comment
input: "data"
input_dim: 1 input_dim: 3 input_dim: 8 input_dim: 8
layers { name: "conv" type: CONVOLUTION bottom: "data" top: "conv" convolution_param { num_output: 2 kernel_size: 3 pad: 1 } }
layers { name: "relu" type: RELU bottom: "conv" top: "conv" }
layers { name: "pool" type: POOLING bottom: "conv" top: "pool" pooling_param { pool: MAX kernel_size: 3 stride: 2 } }
`;

describe('Caffe', () => {
  it('reads protobuf text format: nesting, repeats, comments, strings', () => {
    const msg = parseTextProto('a: 1 b { c: "x y" c: \'z\' } # note\n b { c: "w" } flag: true e: MAX');
    expect(first(msg, 'a')).toBe(1);
    expect(all(msg, 'b')).toHaveLength(2);
    expect(all(first(msg, 'b'), 'c')).toEqual(['x y', 'z']);
    expect(first(msg, 'flag')).toBe(true);
    expect(first(msg, 'e')).toBe('MAX');
  });

  it('loads a V1 prototxt with weights from a binary .caffemodel, in-place ReLU renamed', async () => {
    const weight = Float32Array.from({ length: 2 * 3 * 3 * 3 }, (_, i) => ((i % 7) - 3) / 10);
    const bias = Float32Array.of(0.5, -0.25);
    const NetParameter = caffeNetParameter();
    const bytes = NetParameter.encode(
      NetParameter.fromObject({
        name: 'Tiny',
        layers: [{ name: 'conv', type: 4, blobs: [{ num: 2, channels: 3, height: 3, width: 3, data: [...weight] }, { data: [...bias] }] }],
      }),
    ).finish();
    const net = caffeNetwork(TINY_PROTOTXT, caffemodelWeights(bytes));
    expect(net.nodes.map((n) => [n.name, n.inputs[0]])).toEqual([
      ['conv/pre_relu', 'data'],
      ['conv', 'conv/pre_relu'],
      ['pool', 'conv'],
    ]);
    // The centre output of channel 0 on a flat image is the kernel sum times the pixel plus bias.
    const engine = new OrtEngine(ort, net, { device: 'cpu', threads: 1 });
    const image = rgbImage(8, 8, new Float32Array(8 * 8 * 3).fill(200 / 255));
    const pre = (await engine.activations(image, ['conv/pre_relu'])).get('conv/pre_relu')!;
    const bgrMinusMean = [200 - 104, 200 - 117, 200 - 123];
    let expected = bias[0]!;
    for (let c = 0; c < 3; c++) for (let k = 0; k < 9; k++) expected += weight[c * 9 + k]! * bgrMinusMean[c]!;
    expect(pre.data[3 * 8 + 3]).toBeCloseTo(expected, 2);
    const pooled = (await engine.activations(image, ['pool'])).get('pool')!;
    expect(pooled.shape).toEqual([2, 4, 4]); // ceil mode: ceil((8-3)/2)+1
    await engine.dispose();
  });

  it.runIf(hasShared)('real BVLC GoogLeNet classifies chelsea.png as a cat, on ORT and tfjs-wasm', async () => {
    const net = await loadModel(`${MODELS}/bvlc_googlenet`);
    expect(net.nodes.filter((n) => n.op.kind === 'conv')).toHaveLength(57);
    const image = await photo('chelsea.png', 224, 224);
    for (const backend of ['ort-cpu', 'tfjs-wasm'] as const) {
      const engine = await startEngine(backend, net);
      const probs = (await engine.activations(image, ['prob'])).get('prob')!.data;
      expect(topClasses(probs)[0]).toBe(285); // Egyptian cat
      expect(probs[285]).toBeGreaterThan(0.4);
      await engine.dispose();
    }
  });
});

describe('TensorFlow.js layers models', () => {
  it.runIf(hasShared)('MobileNet v1 0.25 (BatchNorm folded) gives the published top classes for chelsea.png', async () => {
    const net = await loadModel(`${MODELS}/mobilenet_v1_0.25_224`);
    const engine = await startEngine('ort-cpu', net);
    const probs = (await engine.activations(await photo('chelsea.png', 224, 224), ['act_softmax'])).get('act_softmax')!.data;
    expect(topClasses(probs)).toEqual([285, 287, 281]);
    expect(probs[285]).toBeCloseTo(0.32, 1);
    await engine.dispose();
  });

  it.runIf(hasShared)('MobileNet v1 1.0 (truncated) loads at any input size', async () => {
    const net = await loadModel(`${MODELS}/mobilenet_v1_1.0_224/model.json`);
    const engine = await startEngine('ort-cpu', net);
    const acts = await engine.activations(await photo('coffee.png', 96, 64), ['conv_pw_7_relu']);
    expect(acts.get('conv_pw_7_relu')!.shape).toEqual([512, 4, 6]);
    await engine.dispose();
  });
});

describe('TensorFlow GraphDef', () => {
  it('runs a small frozen graph: Conv2D+BiasAdd+Relu, LRN, MaxPool SAME, ConcatV2, by TensorFlow names', async () => {
    const GraphDef = graphDefType();
    const f32 = (shape: number[], values: number[]): object => ({
      tensor: { dtype: 1, tensor_shape: { dim: shape.map((size) => ({ size })) }, tensor_content: new Uint8Array(Float32Array.from(values).buffer) },
    });
    const kernel = Array.from({ length: 1 * 1 * 3 * 2 }, (_, i) => [1, 0, 0, 1, 0, 0][i]!); // [1,1,3,2] HWIO: R -> 0, G -> 1
    const graph = GraphDef.fromObject({
      node: [
        { name: 'input', op: 'Placeholder', attr: { dtype: { type: 1 } } },
        { name: 'w', op: 'Const', attr: { value: f32([1, 1, 3, 2], kernel), dtype: { type: 1 } } },
        { name: 'b', op: 'Const', attr: { value: f32([2], [10, -1000]), dtype: { type: 1 } } },
        {
          name: 'conv_pre_relu/conv',
          op: 'Conv2D',
          input: ['input', 'w'],
          attr: { strides: { list: { i: [1, 1, 1, 1] } }, padding: { s: new TextEncoder().encode('SAME') } },
        },
        { name: 'conv_pre_relu', op: 'BiasAdd', input: ['conv_pre_relu/conv', 'b'] },
        { name: 'conv', op: 'Relu', input: ['conv_pre_relu'] },
        { name: 'norm', op: 'LRN', input: ['conv'], attr: { depth_radius: { i: 1 }, alpha: { f: 0 }, beta: { f: 0.75 }, bias: { f: 1 } } },
        {
          name: 'pool',
          op: 'MaxPool',
          input: ['norm'],
          attr: { ksize: { list: { i: [1, 3, 3, 1] } }, strides: { list: { i: [1, 2, 2, 1] } }, padding: { s: new TextEncoder().encode('SAME') } },
        },
        { name: 'axis', op: 'Const', attr: { value: { tensor: { dtype: 3, tensor_shape: {}, int_val: [3] } } } },
        { name: 'both', op: 'ConcatV2', input: ['pool', 'conv', 'axis'] },
        { name: 'unsupported', op: 'Cumsum', input: ['both'] },
      ],
    });
    const net = graphDefNetwork(GraphDef.encode(graph).finish(), { name: 'tiny-graph' });
    expect(net.nodes.map((n) => n.name)).toEqual(['conv_pre_relu', 'conv', 'norm', 'pool', 'both']);
    const engine = new OrtEngine(ort, net, { device: 'cpu', threads: 1 });
    const image = rgbImage(
      5,
      5,
      Float32Array.from({ length: 75 }, (_, i) => (i % 3 === 0 ? 0.5 : 0.25)),
    );
    const acts = await engine.activations(image, ['conv_pre_relu', 'pool']);
    // R*255 - 117 + 10 in channel 0; G-117-1000 in channel 1.
    expect(acts.get('conv_pre_relu')!.data[0]).toBeCloseTo(0.5 * 255 - 117 + 10, 3);
    expect(acts.get('conv_pre_relu')!.data[25]).toBeCloseTo(0.25 * 255 - 117 - 1000, 3);
    expect(acts.get('pool')!.shape).toEqual([2, 3, 3]); // SAME, stride 2: ceil(5/2)
    expect(acts.get('pool')!.data[0]).toBeCloseTo(0.5 * 255 - 117 + 10, 3);
    await engine.dispose();
  });
});
