import type { ConvOp, Network, Pads, Preprocess } from '../network/graph.js';
import { KERAS_TF_PREPROCESS } from './preprocess.js';
import { inferShapes } from '../network/shapes.js';
import { hwioToOihw, transpose2d } from '../ops/kernels.js';
import { batchNormAffine, NetworkBuilder } from './network-builder.js';
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

/** What a layer handler sees: the layer, its resolved inputs, the builder and the weights. */
interface KerasStep {
  readonly layer: KerasLayer;
  readonly c: Record<string, unknown>;
  readonly ins: string[];
  readonly inC: number;
  readonly b: KerasBuilder;
  weight(suffix: string): Float32Array;
}

class KerasBuilder extends NetworkBuilder {
  nominalSide = 224;
  constructor(readonly modelName: string) {
    super();
  }

  /** Keras layers carry their activation: a linear part named `<layer>/linear`, then the activation under the layer's name. */
  activation(name: string, from: string, kind: unknown): void {
    if (kind === 'linear' || kind === undefined) return void this.alias(name, from);
    if (kind === 'relu') this.add(name, [from], { kind: 'relu' });
    else if (kind === 'relu6') this.add(name, [from], { kind: 'relu', max: 6 });
    else if (kind === 'softmax') {
      this.logits = from;
      this.add(name, [from], { kind: 'softmax' });
    } else throw new Error(`layer ${name}: activation ${JSON.stringify(kind)} is not supported`);
  }
}

const linearName = (s: KerasStep): string => (s.c.activation === 'linear' ? s.layer.name : `${s.layer.name}/linear`);

function conv2d(s: KerasStep): void {
  const { c, layer, inC } = s;
  const depthwise = layer.class_name === 'DepthwiseConv2D';
  const [kh, kw] = c.kernel_size as [number, number];
  const out = depthwise ? inC * (c.depth_multiplier as number) : (c.filters as number);
  if ((c.dilation_rate as number[] | undefined)?.some((d) => d !== 1)) throw new Error(`layer ${layer.name}: dilated convolutions are not supported`);
  const kernel = s.weight(depthwise ? 'depthwise_kernel' : 'kernel');
  // Depthwise [kh, kw, C, m]: output channel c*m+j reads input channel c alone.
  const op: ConvOp = {
    kind: 'conv',
    weight: hwioToOihw(kernel, kh, kw, depthwise ? 1 : inC, out),
    bias: c.use_bias ? s.weight('bias') : new Float32Array(out),
    outChannels: out,
    inChannels: inC,
    kernel: [kh, kw],
    stride: c.strides as [number, number],
    pads: [0, 0, 0, 0],
    same: c.padding === 'same',
    groups: depthwise ? inC : 1,
  };
  s.b.add(linearName(s), s.ins, op);
  s.b.activation(layer.name, linearName(s), c.activation);
}

function batchNorm(s: KerasStep): void {
  const n = s.inC;
  const { scale, shift } = batchNormAffine({
    gamma: s.c.scale === false ? new Float32Array(n).fill(1) : s.weight('gamma'),
    beta: s.c.center === false ? new Float32Array(n) : s.weight('beta'),
    mean: s.weight('moving_mean'),
    variance: s.weight('moving_variance'),
    epsilon: (s.c.epsilon as number | undefined) ?? 1e-3,
  });
  if (!s.b.foldIntoConv(s.layer.name, s.ins[0]!, scale, shift)) throw new Error(`layer ${s.layer.name}: BatchNormalization must follow a convolution`);
}

function pooling(s: KerasStep): void {
  if (s.c.padding !== 'valid') throw new Error(`layer ${s.layer.name}: only "valid" pooling is supported`);
  const kind = s.layer.class_name === 'MaxPooling2D' ? 'maxPool' : 'avgPool';
  s.b.add(s.layer.name, s.ins, {
    kind,
    kernel: s.c.pool_size as [number, number],
    stride: (s.c.strides ?? s.c.pool_size) as [number, number],
    pads: [0, 0, 0, 0],
    ceilMode: false,
  });
}

function globalAveragePooling(s: KerasStep): void {
  // A window of the whole map at the model's training size, like Caffe's pool5.
  const b = s.b;
  const probe: Network = { name: b.modelName, input: b.input!, preprocess: KERAS_TF_PREPROCESS, nodes: b.nodes, suggestedLayers: [] };
  const [, h, w] = inferShapes(probe, b.nominalSide, b.nominalSide).get(s.ins[0]!)!;
  b.add(s.layer.name, s.ins, { kind: 'avgPool', kernel: [h, w], stride: [1, 1], pads: [0, 0, 0, 0], ceilMode: false });
}

function dense(s: KerasStep): void {
  const out = s.c.units as number;
  const k = s.weight('kernel');
  const op = {
    kind: 'dense',
    weight: transpose2d(k, k.length / out, out),
    bias: s.c.use_bias ? s.weight('bias') : new Float32Array(out),
    outFeatures: out,
  } as const;
  s.b.add(linearName(s), s.ins, op);
  s.b.activation(s.layer.name, linearName(s), s.c.activation);
}

function inputLayer(s: KerasStep): void {
  s.b.setInput(s.layer.name);
  const side = (s.c.batch_input_shape as (number | null)[] | undefined)?.[1];
  if (typeof side === 'number') s.b.nominalSide = side;
}

/** Tensors are [C, H, W] already; after global pooling these change nothing. */
const passThrough = (s: KerasStep): void => s.b.alias(s.layer.name, s.ins[0]!);

const KERAS_LAYERS: Record<string, (s: KerasStep) => void> = {
  InputLayer: inputLayer,
  Conv2D: conv2d,
  DepthwiseConv2D: conv2d,
  BatchNormalization: batchNorm,
  Activation: (s) => s.b.activation(s.layer.name, s.ins[0]!, s.c.activation),
  ReLU: (s) => s.b.add(s.layer.name, s.ins, { kind: 'relu', ...(typeof s.c.max_value === 'number' ? { max: s.c.max_value } : {}) }),
  ZeroPadding2D: (s) => s.b.add(s.layer.name, s.ins, { kind: 'pad', pads: zeroPadding(s.c.padding) }),
  MaxPooling2D: pooling,
  AveragePooling2D: pooling,
  GlobalAveragePooling2D: globalAveragePooling,
  Add: (s) => s.b.add(s.layer.name, s.ins, { kind: 'add' }),
  Concatenate: (s) => s.b.add(s.layer.name, s.ins, { kind: 'concat' }),
  Dense: dense,
  Reshape: passThrough,
  Flatten: passThrough,
  Dropout: passThrough,
};

/**
 * A Keras functional model (as TensorFlow.js saves it) as the engine-free network.
 * BatchNormalization is folded into the convolution before it, so engines see plain convolutions.
 */
export function tfjsLayersNetwork(artifacts: TfjsArtifacts, options: { name: string; suggestedLayers?: readonly string[]; preprocess?: Preprocess }): Network {
  const topology = artifacts.modelTopology.model_config ?? artifacts.modelTopology;
  const layers = (topology as { config: { layers: readonly KerasLayer[] } }).config.layers;
  const weights = weightsByName(artifacts);
  const b = new KerasBuilder(options.name);
  for (const layer of layers) {
    const handler = KERAS_LAYERS[layer.class_name];
    if (!handler) throw new Error(`layer ${layer.name} has type ${layer.class_name}, which dreamreel cannot run`);
    const ins = (layer.inbound_nodes[0] ?? []).map(([n]) => b.resolve(n));
    const weight = (suffix: string): Float32Array => {
      const w = weights.get(`${layer.name}/${suffix}`);
      if (!w) throw new Error(`the model has no weight ${layer.name}/${suffix}`);
      return w;
    };
    handler({ layer, c: layer.config, ins, inC: ins[0] && b.has(ins[0]) ? b.channelsOf(ins[0]) : 3, b, weight });
  }
  if (!b.input) throw new Error('the model has no InputLayer');
  return b.build({
    name: options.name,
    preprocess: options.preprocess ?? KERAS_TF_PREPROCESS,
    ...(options.suggestedLayers ? { suggestedLayers: options.suggestedLayers } : {}),
  });
}
