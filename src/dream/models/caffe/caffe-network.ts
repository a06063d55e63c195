import type { Network, NetNode, Op, Preprocess } from '../../network/graph.js';
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
  3: 'Concat', 4: 'Convolution', 6: 'Dropout', 14: 'InnerProduct', 15: 'LRN', 17: 'Pooling', 18: 'ReLU', 20: 'Softmax', 25: 'Eltwise',
};

/** V1 text prototxts spell types as enum names. */
const V1_NAMES: Record<string, string> = {
  CONCAT: 'Concat', CONVOLUTION: 'Convolution', DATA: 'Data', DROPOUT: 'Dropout', INNER_PRODUCT: 'InnerProduct', LRN: 'LRN', POOLING: 'Pooling', RELU: 'ReLU', SOFTMAX: 'Softmax', ELTWISE: 'Eltwise',
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

/** Builds the engine-free network from a deploy.prototxt and a weight source. */
export function caffeNetwork(prototxt: string, weights: CaffeWeightSource, options: CaffeNetOptions = {}): Network {
  const net = parseTextProto(prototxt);
  const layers = [...all<TextMessage>(net, 'layer'), ...all<TextMessage>(net, 'layers')];
  const nodes: NetNode[] = [];
  const channels = new Map<string, number>();
  /** Caffe blob name -> tensor currently holding it (in-place layers rename older tensors). */
  const current = new Map<string, string>();
  let input = first<string>(net, 'input');
  if (input) {
    current.set(input, input);
    channels.set(input, 3);
  }
  let logits: string | undefined;

  const rename = (oldName: string, newName: string): void => {
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      if (n.name === oldName || n.inputs.includes(oldName)) {
        nodes[i] = { ...n, name: n.name === oldName ? newName : n.name, inputs: n.inputs.map((x) => (x === oldName ? newName : x)) };
      }
    }
    channels.set(newName, channels.get(oldName)!);
  };

  for (const layer of layers) {
    const name = first<string>(layer, 'name') ?? '';
    const rawType = first<string | number>(layer, 'type');
    const type = typeof rawType === 'number' ? V1_TYPES[rawType] ?? String(rawType) : V1_NAMES[String(rawType)] ?? String(rawType);
    const tops = all<string>(layer, 'top');
    const bottoms = all<string>(layer, 'bottom').map((b) => {
      const tensor = current.get(b);
      if (!tensor) throw new Error(`layer ${name} reads blob ${b}, which no earlier layer makes`);
      return tensor;
    });
    if (type === 'Input' || type === 'Data') {
      input = tops[0]!;
      current.set(input, input);
      channels.set(input, 3);
      continue;
    }
    if (type === 'Dropout' || type === 'Split' || type === 'Silence') {
      tops.forEach((t) => current.set(t, bottoms[0]!));
      continue;
    }
    const inC = channels.get(bottoms[0]!)!;
    let op: Op;
    switch (type) {
      case 'Convolution': {
        const p = first<TextMessage>(layer, 'convolution_param');
        const outChannels = first<number>(p, 'num_output')!;
        const groups = first<number>(p, 'group') ?? 1;
        const kernel = pair(p, 'kernel', 1);
        const stride = pair(p, 'stride', 1);
        const [ph, pw] = pair(p, 'pad', 0);
        if ((first<number>(p, 'dilation') ?? 1) !== 1) throw new Error(`layer ${name}: dilated convolutions are not supported`);
        const hasBias = first<boolean>(p, 'bias_term') ?? true;
        const shapes = [[outChannels, inC / groups, kernel[0], kernel[1]], ...(hasBias ? [[outChannels]] : [])];
        const [weight, bias] = weights.blobs(name, shapes);
        op = { kind: 'conv', weight: weight!, bias: bias ?? new Float32Array(outChannels), outChannels, inChannels: inC, kernel, stride, pads: [ph, pw, ph, pw], groups };
        break;
      }
      case 'ReLU':
        if ((first<number>(first<TextMessage>(layer, 'relu_param'), 'negative_slope') ?? 0) !== 0) throw new Error(`layer ${name}: leaky ReLU is not supported`);
        op = { kind: 'relu' };
        break;
      case 'Pooling': {
        const p = first<TextMessage>(layer, 'pooling_param');
        const pool = first<string | number>(p, 'pool') ?? 'MAX';
        if (first<boolean>(p, 'global_pooling')) throw new Error(`layer ${name}: global pooling is not supported`);
        const [ph, pw] = pair(p, 'pad', 0);
        op = { kind: pool === 'AVE' || pool === 1 ? 'avgPool' : 'maxPool', kernel: pair(p, 'kernel', 1), stride: pair(p, 'stride', 1), pads: [ph, pw, ph, pw], ceilMode: true };
        break;
      }
      case 'LRN': {
        const p = first<TextMessage>(layer, 'lrn_param');
        if ((first<string>(p, 'norm_region') ?? 'ACROSS_CHANNELS') !== 'ACROSS_CHANNELS') throw new Error(`layer ${name}: only ACROSS_CHANNELS LRN is supported`);
        op = { kind: 'lrn', size: first<number>(p, 'local_size') ?? 5, alpha: first<number>(p, 'alpha') ?? 1, beta: first<number>(p, 'beta') ?? 0.75, k: first<number>(p, 'k') ?? 1 };
        break;
      }
      case 'Concat':
        op = { kind: 'concat' };
        break;
      case 'Eltwise':
        op = { kind: 'add' };
        break;
      case 'InnerProduct': {
        const p = first<TextMessage>(layer, 'inner_product_param');
        const outFeatures = first<number>(p, 'num_output')!;
        const [weight, bias] = weights.blobs(name, [[outFeatures, -1], [outFeatures]]);
        op = { kind: 'dense', weight: weight!, bias: bias ?? new Float32Array(outFeatures), outFeatures };
        break;
      }
      case 'Softmax':
        logits = bottoms[0];
        op = { kind: 'softmax' };
        break;
      default:
        throw new Error(`layer ${name} has type ${type}, which dreamreel cannot run`);
    }
    const top = tops[0]!;
    if (current.get(top) === top && bottoms.includes(top)) {
      // In-place layer: the blob name now means the new value; keep the old one reachable.
      const before = `${top}/pre_${type.toLowerCase()}`;
      rename(top, before);
      bottoms.splice(bottoms.indexOf(top), 1, before);
    }
    nodes.push({ name: top, inputs: bottoms, op });
    current.set(top, top);
    channels.set(top, op.kind === 'conv' ? op.outChannels : op.kind === 'dense' ? op.outFeatures : op.kind === 'concat' ? bottoms.reduce((s, b) => s + channels.get(b)!, 0) : inC);
  }
  if (!input) throw new Error('the prototxt declares no input');
  return {
    name: options.name ?? first<string>(net, 'name') ?? 'caffe',
    input,
    preprocess: options.preprocess ?? CAFFE_IMAGENET_PREPROCESS,
    nodes,
    suggestedLayers: options.suggestedLayers ?? [],
    ...(logits ? { logits } : {}),
  };
}
