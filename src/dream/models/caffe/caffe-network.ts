import type { Network, Op, Preprocess } from '../../network/graph.js';
import { NetworkBuilder } from '../network-builder.js';
import { CAFFE_IMAGENET_PREPROCESS } from '../preprocess.js';
import { all, first, parseTextProto, type TextMessage } from '../prototxt.js';

/**
 * Where a Caffe layer's parameter blobs come from. Each blob comes back in Caffe's own layout
 * (convolution filters [out, in/groups, kh, kw], inner products [out, in]); a -1 in an
 * expected shape is whatever the stored blob says (an inner product's input size).
 */
export interface CaffeWeightSource {
  blobs(layer: string, expected: readonly (readonly number[])[]): Float32Array[];
}

export { CAFFE_IMAGENET_PREPROCESS };

const V1_TYPES: Record<number, string> = {
  3: 'Concat',
  4: 'Convolution',
  6: 'Dropout',
  14: 'InnerProduct',
  15: 'LRN',
  17: 'Pooling',
  18: 'ReLU',
  20: 'Softmax',
  25: 'Eltwise',
};

/** V1 text prototxts spell types as enum names. */
const V1_NAMES: Record<string, string> = {
  CONCAT: 'Concat',
  CONVOLUTION: 'Convolution',
  DATA: 'Data',
  DROPOUT: 'Dropout',
  INNER_PRODUCT: 'InnerProduct',
  LRN: 'LRN',
  POOLING: 'Pooling',
  RELU: 'ReLU',
  SOFTMAX: 'Softmax',
  ELTWISE: 'Eltwise',
};

function pair(param: TextMessage | undefined, base: string, fallback: number): [number, number] {
  const repeated = all<number>(param, base === 'kernel' ? 'kernel_size' : base);
  const h = first<number>(param, `${base}_h`) ?? repeated[0] ?? fallback;
  const w = first<number>(param, `${base}_w`) ?? repeated[1] ?? repeated[0] ?? fallback;
  return [h, w];
}

export interface CaffeNetOptions {
  readonly name?: string;
  readonly preprocess?: Preprocess;
  readonly suggestedLayers?: readonly string[];
}

interface CaffeStep {
  readonly name: string;
  readonly layer: TextMessage;
  readonly bottoms: readonly string[];
  readonly inC: number;
  readonly weights: CaffeWeightSource;
  readonly b: NetworkBuilder;
}

function convolution({ name, layer, inC, weights }: CaffeStep): Op {
  const p = first<TextMessage>(layer, 'convolution_param');
  const outChannels = first<number>(p, 'num_output')!;
  const groups = first<number>(p, 'group') ?? 1;
  const kernel = pair(p, 'kernel', 1);
  const [ph, pw] = pair(p, 'pad', 0);
  if ((first<number>(p, 'dilation') ?? 1) !== 1) throw new Error(`layer ${name}: dilated convolutions are not supported`);
  const hasBias = first<boolean>(p, 'bias_term') ?? true;
  const [weight, bias] = weights.blobs(name, [[outChannels, inC / groups, kernel[0], kernel[1]], ...(hasBias ? [[outChannels]] : [])]);
  return {
    kind: 'conv',
    weight: weight!,
    bias: bias ?? new Float32Array(outChannels),
    outChannels,
    inChannels: inC,
    kernel,
    stride: pair(p, 'stride', 1),
    pads: [ph, pw, ph, pw],
    groups,
  };
}

function pooling({ name, layer }: CaffeStep): Op {
  const p = first<TextMessage>(layer, 'pooling_param');
  const pool = first<string | number>(p, 'pool') ?? 'MAX';
  if (first<boolean>(p, 'global_pooling')) throw new Error(`layer ${name}: global pooling is not supported`);
  const [ph, pw] = pair(p, 'pad', 0);
  return {
    kind: pool === 'AVE' || pool === 1 ? 'avgPool' : 'maxPool',
    kernel: pair(p, 'kernel', 1),
    stride: pair(p, 'stride', 1),
    pads: [ph, pw, ph, pw],
    ceilMode: true,
  };
}

function lrn({ name, layer }: CaffeStep): Op {
  const p = first<TextMessage>(layer, 'lrn_param');
  if ((first<string>(p, 'norm_region') ?? 'ACROSS_CHANNELS') !== 'ACROSS_CHANNELS') throw new Error(`layer ${name}: only ACROSS_CHANNELS LRN is supported`);
  return {
    kind: 'lrn',
    size: first<number>(p, 'local_size') ?? 5,
    alpha: first<number>(p, 'alpha') ?? 1,
    beta: first<number>(p, 'beta') ?? 0.75,
    k: first<number>(p, 'k') ?? 1,
  };
}

function relu({ name, layer }: CaffeStep): Op {
  if ((first<number>(first<TextMessage>(layer, 'relu_param'), 'negative_slope') ?? 0) !== 0) throw new Error(`layer ${name}: leaky ReLU is not supported`);
  return { kind: 'relu' };
}

function innerProduct({ name, layer, weights }: CaffeStep): Op {
  const outFeatures = first<number>(first<TextMessage>(layer, 'inner_product_param'), 'num_output')!;
  const [weight, bias] = weights.blobs(name, [[outFeatures, -1], [outFeatures]]);
  return { kind: 'dense', weight: weight!, bias: bias ?? new Float32Array(outFeatures), outFeatures };
}

/** Caffe layer types and the op each becomes. */
const CAFFE_LAYERS: Record<string, (s: CaffeStep) => Op> = {
  Convolution: convolution,
  ReLU: relu,
  Pooling: pooling,
  LRN: lrn,
  Concat: () => ({ kind: 'concat' }),
  Eltwise: () => ({ kind: 'add' }),
  InnerProduct: innerProduct,
  Softmax: (s) => {
    s.b.logits = s.bottoms[0];
    return { kind: 'softmax' };
  },
};

const PASS_THROUGH = new Set(['Dropout', 'Split', 'Silence']);

function layerType(layer: TextMessage): string {
  const rawType = first<string | number>(layer, 'type');
  return typeof rawType === 'number' ? (V1_TYPES[rawType] ?? String(rawType)) : (V1_NAMES[String(rawType)] ?? String(rawType));
}

/** Adds one layer; blob names go through the builder's aliases, so a blob names the tensor that holds it now. */
function addLayer(b: NetworkBuilder, layer: TextMessage, weights: CaffeWeightSource): void {
  const name = first<string>(layer, 'name') ?? '';
  const type = layerType(layer);
  const tops = all<string>(layer, 'top');
  const bottoms = all<string>(layer, 'bottom').map((blob) => {
    if (!b.has(blob)) throw new Error(`layer ${name} reads blob ${blob}, which no earlier layer makes`);
    return b.resolve(blob);
  });
  if (type === 'Input' || type === 'Data') return b.setInput(tops[0]!);
  if (PASS_THROUGH.has(type)) return tops.forEach((t) => b.alias(t, bottoms[0]!));
  const toOp = CAFFE_LAYERS[type];
  if (!toOp) throw new Error(`layer ${name} has type ${type}, which dreamreel cannot run`);
  const op = toOp({ name, layer, bottoms, inC: b.channelsOf(bottoms[0]!), weights, b });
  const top = tops[0]!;
  if (bottoms.includes(top)) {
    // In-place layer: the blob name now means the new value; keep the old one reachable.
    const before = `${top}/pre_${type.toLowerCase()}`;
    b.rename(top, before);
    bottoms.splice(bottoms.indexOf(top), 1, before);
  }
  b.add(top, bottoms, op);
}

/** Builds the engine-free network from a deploy.prototxt and a weight source. */
export function caffeNetwork(prototxt: string, weights: CaffeWeightSource, options: CaffeNetOptions = {}): Network {
  const net = parseTextProto(prototxt);
  const b = new NetworkBuilder();
  const input = first<string>(net, 'input');
  if (input) b.setInput(input);
  for (const layer of [...all<TextMessage>(net, 'layer'), ...all<TextMessage>(net, 'layers')]) addLayer(b, layer, weights);
  if (!b.input) throw new Error('the prototxt declares no input');
  return b.build({
    name: options.name ?? first<string>(net, 'name') ?? 'caffe',
    preprocess: options.preprocess ?? CAFFE_IMAGENET_PREPROCESS,
    ...(options.suggestedLayers ? { suggestedLayers: options.suggestedLayers } : {}),
  });
}
