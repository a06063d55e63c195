import type { ConvOp, Network, NetNode, Op, Preprocess } from '../../network/graph.js';
import { INCEPTION5H_PREPROCESS } from '../preprocess.js';
import { hwioToOihw, transpose2d } from '../../ops/kernels.js';
import { DT_FLOAT, DT_INT32, graphDefType, toNumber, type AttrMessage, type NodeMessage, type TensorMessage } from './graphdef-schema.js';

export { INCEPTION5H_PREPROCESS };

interface ConstValue {
  readonly shape: number[];
  readonly data: Float32Array | Int32Array;
}

function constValue(t: TensorMessage): ConstValue {
  const shape = (t.tensor_shape?.dim ?? []).map((d) => toNumber(d.size));
  const count = shape.reduce((a, b) => a * b, 1);
  const content = t.tensor_content;
  const int = t.dtype === DT_INT32;
  if (t.dtype !== DT_FLOAT && !int) throw new Error(`constant of dtype ${t.dtype} is not supported`);
  let data: Float32Array | Int32Array;
  if (content && content.byteLength > 0) {
    // A copy: protobufjs hands out Node Buffers, whose .slice() is a view into a shared pool.
    const copy = new Uint8Array(content).buffer;
    data = int ? new Int32Array(copy) : new Float32Array(copy);
  } else {
    const values = (int ? t.int_val : t.float_val) ?? [];
    data = int ? new Int32Array(count) : new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = values[Math.min(i, values.length - 1)] ?? 0;
  }
  return { shape, data };
}

const ints = (a: AttrMessage | undefined): number[] => (a?.list?.i ?? []).map(toNumber);
const text = (a: AttrMessage | undefined): string => (a?.s ? new TextDecoder().decode(a.s) : '');
/** "name:0" and "^name" both mean tensor `name` for our single-output ops. */
const tensorName = (input: string): string => input.replace(/^\^/, '').replace(/:0$/, '');

/**
 * A frozen TensorFlow GraphDef (inception5h) as the engine-free network. Conv2D + BiasAdd
 * become one convolution named after the BiasAdd, so names such as
 * `mixed4d_3x3_bottleneck_pre_relu` address what TensorFlow calls them. Ops dreamreel
 * cannot run (the auxiliary heads' training-only parts, say) are left out with what depends on them.
 */
export function graphDefNetwork(bytes: Uint8Array, options: { name: string; suggestedLayers?: readonly string[]; preprocess?: Preprocess }): Network {
  const graph = graphDefType().decode(bytes) as unknown as { node?: NodeMessage[] };
  const consts = new Map<string, ConstValue>();
  const nodes: NetNode[] = [];
  const channels = new Map<string, number>();
  const alias = new Map<string, string>();
  const skipped = new Set<string>();
  const resolve = (n: string): string => alias.get(tensorName(n)) ?? tensorName(n);
  let input: string | undefined;
  let logits: string | undefined;
  const push = (name: string, inputs: string[], op: Op, c: number): void => {
    nodes.push({ name, inputs, op });
    channels.set(name, c);
  };

  for (const n of graph.node ?? []) {
    const ins = (n.input ?? []).filter((i) => !i.startsWith('^')).map(resolve);
    if (ins.some((i) => skipped.has(i))) {
      skipped.add(n.name);
      continue;
    }
    const attr = n.attr ?? {};
    const data = ins[0];
    const inC = data ? channels.get(data) ?? 0 : 0;
    const spatial = (key: string): [number, number] => {
      const v = ints(attr[key]);
      return [v[1] ?? 1, v[2] ?? 1];
    };
    switch (n.op) {
      case 'Placeholder':
        input ??= n.name;
        channels.set(n.name, 3);
        break;
      case 'Const':
        consts.set(n.name, constValue(attr.value!.tensor!));
        break;
      case 'Identity':
        if (consts.has(data!)) consts.set(n.name, consts.get(data!)!);
        else alias.set(n.name, data!);
        break;
      case 'Conv2D': {
        const filter = consts.get(ins[1]!);
        if (!filter) throw new Error(`${n.name}: its filter is not a constant`);
        const [kh, kw, fin, out] = filter.shape as [number, number, number, number];
        if (text(attr.data_format) === 'NCHW') throw new Error(`${n.name}: NCHW graphs are not supported`);
        const op: ConvOp = {
          kind: 'conv', weight: hwioToOihw(filter.data as Float32Array, kh, kw, fin, out), bias: new Float32Array(out), outChannels: out, inChannels: inC,
          kernel: [kh, kw], stride: spatial('strides'), pads: [0, 0, 0, 0], same: text(attr.padding) === 'SAME', groups: inC / fin,
        };
        push(n.name, [data!], op, out);
        break;
      }
      case 'BiasAdd':
      case 'Add': {
        const bias = consts.get(ins[1]!);
        const prev = nodes[nodes.length - 1];
        if (bias && prev && prev.name === data && (prev.op.kind === 'conv' || prev.op.kind === 'dense')) {
          const op = prev.op;
          nodes[nodes.length - 1] = { name: n.name, inputs: prev.inputs, op: { ...op, bias: op.bias.map((b, i) => b + bias.data[i]!) } };
          channels.set(n.name, channels.get(data!)!);
        } else if (!bias && n.op === 'Add') push(n.name, ins, { kind: 'add' }, inC);
        else skipped.add(n.name);
        break;
      }
      case 'Relu':
        push(n.name, [data!], { kind: 'relu' }, inC);
        break;
      case 'Relu6':
        push(n.name, [data!], { kind: 'relu', max: 6 }, inC);
        break;
      case 'MaxPool':
      case 'AvgPool': {
        const same = text(attr.padding) === 'SAME';
        if (same && n.op === 'AvgPool') throw new Error(`${n.name}: SAME average pooling is not supported`);
        push(n.name, [data!], { kind: n.op === 'MaxPool' ? 'maxPool' : 'avgPool', kernel: spatial('ksize'), stride: spatial('strides'), pads: [0, 0, 0, 0], ceilMode: false, ...(same ? { same } : {}) }, inC);
        break;
      }
      case 'LRN': {
        const radius = toNumber(attr.depth_radius?.i) || 5;
        const size = 2 * radius + 1;
        // TensorFlow's alpha multiplies the plain sum; Caffe's (ours) the mean over the window.
        push(n.name, [data!], { kind: 'lrn', size, alpha: (attr.alpha?.f ?? 1) * size, beta: attr.beta?.f ?? 0.5, k: attr.bias?.f ?? 1 }, inC);
        break;
      }
      case 'Concat':
      case 'ConcatV2': {
        const parts = n.op === 'Concat' ? ins.slice(1) : ins.slice(0, -1);
        push(n.name, parts, { kind: 'concat' }, parts.reduce((s, p) => s + (channels.get(p) ?? 0), 0));
        break;
      }
      case 'Reshape':
        // After global pooling a reshape to [1, C] changes nothing in [C, 1, 1].
        alias.set(n.name, data!);
        channels.set(n.name, inC);
        break;
      case 'MatMul': {
        const w = consts.get(ins[1]!);
        if (!w) throw new Error(`${n.name}: its weights are not a constant`);
        const [inF, out] = w.shape as [number, number];
        push(n.name, [data!], { kind: 'dense', weight: transpose2d(w.data as Float32Array, inF, out), bias: new Float32Array(out), outFeatures: out }, out);
        break;
      }
      case 'Softmax':
        logits = data;
        push(n.name, [data!], { kind: 'softmax' }, inC);
        break;
      default:
        skipped.add(n.name);
    }
  }
  if (!input) throw new Error('the graph has no Placeholder input');
  return { name: options.name, input, preprocess: options.preprocess ?? INCEPTION5H_PREPROCESS, nodes, suggestedLayers: options.suggestedLayers ?? [], ...(logits ? { logits } : {}) };
}
