import type { ConvOp, Network, NetNode, Op, Pads, Preprocess } from '../network/graph.js';
import { KERAS_TF_PREPROCESS } from './preprocess.js';
import { inferShapes } from '../network/shapes.js';
import { hwioToOihw, transpose2d } from '../ops/kernels.js';
import type { KerasLayer, TfjsArtifacts } from './tfjs-artifacts.js';

export { KERAS_TF_PREPROCESS };

function weightsByName(artifacts: TfjsArtifacts): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  let offset = 0;
  for (const spec of artifacts.weightSpecs) {
    if (spec.dtype !== 'float32') throw new Error(`weight ${spec.name} is ${spec.dtype}; only float32 models are supported`);
    const count = spec.shape.reduce((a, b) => a * b, 1);
    out.set(spec.name, new Float32Array(artifacts.weightData.slice(offset, offset + count * 4)));
    offset += count * 4;
  }
  return out;
}

function zeroPadding(padding: unknown): Pads {
  if (typeof padding === 'number') return [padding, padding, padding, padding];
  const [a, b] = padding as [number | [number, number], number | [number, number]];
  const [t, bo] = typeof a === 'number' ? [a, a] : a;
  const [l, r] = typeof b === 'number' ? [b, b] : b;
  return [t, l, bo, r];
}

/**
 * A Keras functional model (as TensorFlow.js saves it) as the engine-free network.
 * BatchNormalization is folded into the convolution before it, so engines see plain convolutions.
 */
export function tfjsLayersNetwork(artifacts: TfjsArtifacts, options: { name: string; suggestedLayers?: readonly string[]; preprocess?: Preprocess }): Network {
  const topology = artifacts.modelTopology.model_config ?? artifacts.modelTopology;
  const layers = (topology as { config: { layers: readonly KerasLayer[] } }).config.layers;
  const weights = weightsByName(artifacts);
  const weight = (name: string): Float32Array => {
    const w = weights.get(name);
    if (!w) throw new Error(`the model has no weight ${name}`);
    return w;
  };
  const nodes: NetNode[] = [];
  const channels = new Map<string, number>();
  const alias = new Map<string, string>();
  const resolve = (name: string): string => alias.get(name) ?? name;
  let input: string | undefined;
  let nominalSide = 224;
  let logits: string | undefined;

  const push = (name: string, inputs: string[], op: Op, outChannels: number): void => {
    nodes.push({ name, inputs, op });
    channels.set(name, outChannels);
  };
  const activation = (name: string, from: string, kind: unknown): void => {
    if (kind === 'linear' || kind === undefined) return void alias.set(name, from);
    if (kind === 'relu') push(name, [from], { kind: 'relu' }, channels.get(from)!);
    else if (kind === 'relu6') push(name, [from], { kind: 'relu', max: 6 }, channels.get(from)!);
    else if (kind === 'softmax') {
      logits = from;
      push(name, [from], { kind: 'softmax' }, channels.get(from)!);
    } else throw new Error(`layer ${name}: activation ${String(kind)} is not supported`);
  };

  for (const layer of layers) {
    const c = layer.config;
    const ins = (layer.inbound_nodes[0] ?? []).map(([n]) => resolve(n));
    const inC = channels.get(ins[0]!) ?? 3;
    switch (layer.class_name) {
      case 'InputLayer': {
        input = layer.name;
        channels.set(input, 3);
        const side = (c.batch_input_shape as (number | null)[] | undefined)?.[1];
        if (typeof side === 'number') nominalSide = side;
        break;
      }
      case 'Conv2D':
      case 'DepthwiseConv2D': {
        const depthwise = layer.class_name === 'DepthwiseConv2D';
        const [kh, kw] = c.kernel_size as [number, number];
        const multiplier = depthwise ? (c.depth_multiplier as number) : 1;
        const out = depthwise ? inC * multiplier : (c.filters as number);
        if ((c.dilation_rate as number[] | undefined)?.some((d) => d !== 1)) throw new Error(`layer ${layer.name}: dilated convolutions are not supported`);
        const kernel = weight(`${layer.name}/${depthwise ? 'depthwise_kernel' : 'kernel'}`);
        // Depthwise [kh, kw, C, m]: output channel c*m+j reads input channel c alone.
        const oihw = depthwise ? hwioToOihw(kernel, kh, kw, 1, out) : hwioToOihw(kernel, kh, kw, inC, out);
        const op: ConvOp = {
          kind: 'conv',
          weight: oihw,
          bias: c.use_bias ? weight(`${layer.name}/bias`) : new Float32Array(out),
          outChannels: out,
          inChannels: inC,
          kernel: [kh, kw],
          stride: c.strides as [number, number],
          pads: [0, 0, 0, 0],
          same: c.padding === 'same',
          groups: depthwise ? inC : 1,
        };
        const linearName = c.activation === 'linear' ? layer.name : `${layer.name}/linear`;
        push(linearName, ins, op, out);
        activation(layer.name, linearName, c.activation);
        break;
      }
      case 'BatchNormalization': {
        const prev = nodes[nodes.length - 1];
        if (!prev || prev.name !== ins[0] || prev.op.kind !== 'conv') throw new Error(`layer ${layer.name}: BatchNormalization must follow a convolution`);
        const conv = prev.op;
        const n = conv.outChannels;
        const gamma = c.scale === false ? new Float32Array(n).fill(1) : weight(`${layer.name}/gamma`);
        const beta = c.center === false ? new Float32Array(n) : weight(`${layer.name}/beta`);
        const mean = weight(`${layer.name}/moving_mean`);
        const variance = weight(`${layer.name}/moving_variance`);
        const eps = (c.epsilon as number | undefined) ?? 1e-3;
        const perOut = conv.weight.length / n;
        const w = conv.weight.slice();
        const b = new Float32Array(n);
        for (let o = 0; o < n; o++) {
          const k = gamma[o]! / Math.sqrt(variance[o]! + eps);
          for (let i = 0; i < perOut; i++) w[o * perOut + i]! *= k;
          b[o] = (conv.bias[o]! - mean[o]!) * k + beta[o]!;
        }
        nodes[nodes.length - 1] = { name: layer.name, inputs: prev.inputs, op: { ...conv, weight: w, bias: b } };
        channels.set(layer.name, n);
        break;
      }
      case 'Activation':
        activation(layer.name, ins[0]!, c.activation);
        break;
      case 'ReLU':
        push(layer.name, ins, { kind: 'relu', ...(typeof c.max_value === 'number' ? { max: c.max_value } : {}) }, inC);
        break;
      case 'ZeroPadding2D':
        push(layer.name, ins, { kind: 'pad', pads: zeroPadding(c.padding) }, inC);
        break;
      case 'MaxPooling2D':
      case 'AveragePooling2D': {
        if (c.padding !== 'valid') throw new Error(`layer ${layer.name}: only "valid" pooling is supported`);
        const kind = layer.class_name === 'MaxPooling2D' ? 'maxPool' : 'avgPool';
        push(layer.name, ins, { kind, kernel: c.pool_size as [number, number], stride: (c.strides ?? c.pool_size) as [number, number], pads: [0, 0, 0, 0], ceilMode: false }, inC);
        break;
      }
      case 'GlobalAveragePooling2D': {
        // A window of the whole map at the model's training size, like Caffe's pool5.
        const [, h, w] = inferShapes({ name: options.name, input: input!, preprocess: KERAS_TF_PREPROCESS, nodes, suggestedLayers: [] }, nominalSide, nominalSide).get(ins[0]!)!;
        push(layer.name, ins, { kind: 'avgPool', kernel: [h, w], stride: [1, 1], pads: [0, 0, 0, 0], ceilMode: false }, inC);
        break;
      }
      case 'Add':
        push(layer.name, ins, { kind: 'add' }, inC);
        break;
      case 'Concatenate':
        push(layer.name, ins, { kind: 'concat' }, ins.reduce((s, i) => s + channels.get(i)!, 0));
        break;
      case 'Dense': {
        const out = c.units as number;
        const k = weight(`${layer.name}/kernel`);
        const inFeatures = k.length / out;
        const w = transpose2d(k, inFeatures, out);
        const linearName = c.activation === 'linear' ? layer.name : `${layer.name}/linear`;
        push(linearName, ins, { kind: 'dense', weight: w, bias: c.use_bias ? weight(`${layer.name}/bias`) : new Float32Array(out), outFeatures: out }, out);
        activation(layer.name, linearName, c.activation);
        break;
      }
      case 'Reshape':
      case 'Flatten':
      case 'Dropout':
        // Tensors are [C, H, W] already; after global pooling these change nothing.
        alias.set(layer.name, ins[0]!);
        channels.set(layer.name, inC);
        break;
      default:
        throw new Error(`layer ${layer.name} has type ${layer.class_name}, which dreamreel cannot run`);
    }
  }
  if (!input) throw new Error('the model has no InputLayer');
  return { name: options.name, input, preprocess: options.preprocess ?? KERAS_TF_PREPROCESS, nodes, suggestedLayers: options.suggestedLayers ?? [], ...(logits ? { logits } : {}) };
}
