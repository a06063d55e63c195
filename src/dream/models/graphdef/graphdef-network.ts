import type { ConvOp, Network, Preprocess } from '../../network/graph.js';
import { NetworkBuilder } from '../network-builder.js';
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

class GraphDefBuilder extends NetworkBuilder {
  readonly consts = new Map<string, ConstValue>();
  readonly skipped = new Set<string>();
}

interface GraphDefStep {
  readonly n: NodeMessage;
  readonly attr: Record<string, AttrMessage>;
  readonly ins: string[];
  readonly data: string;
  readonly inC: number;
  readonly b: GraphDefBuilder;
}

const spatial = (s: GraphDefStep, key: string): [number, number] => {
  const v = ints(s.attr[key]);
  return [v[1] ?? 1, v[2] ?? 1];
};

function conv2d(s: GraphDefStep): void {
  const filter = s.b.consts.get(s.ins[1]!);
  if (!filter) throw new Error(`${s.n.name}: its filter is not a constant`);
  const [kh, kw, fin, out] = filter.shape as [number, number, number, number];
  if (text(s.attr.data_format) === 'NCHW') throw new Error(`${s.n.name}: NCHW graphs are not supported`);
  const op: ConvOp = {
    kind: 'conv',
    weight: hwioToOihw(filter.data as Float32Array, kh, kw, fin, out),
    bias: new Float32Array(out),
    outChannels: out,
    inChannels: s.inC,
    kernel: [kh, kw],
    stride: spatial(s, 'strides'),
    pads: [0, 0, 0, 0],
    same: text(s.attr.padding) === 'SAME',
    groups: s.inC / fin,
  };
  s.b.add(s.n.name, [s.data], op);
}

/** A constant bias joins the convolution or dense layer before it; two tensors make an add. */
function biasAdd(s: GraphDefStep): void {
  const bias = s.b.consts.get(s.ins[1]!);
  const prev = s.b.lastIf(s.data);
  if (bias && prev && (prev.op.kind === 'conv' || prev.op.kind === 'dense')) {
    s.b.replaceLast(s.n.name, { ...prev.op, bias: prev.op.bias.map((v, i) => v + bias.data[i]!) });
  } else if (!bias && s.n.op === 'Add') s.b.add(s.n.name, s.ins, { kind: 'add' });
  else s.b.skipped.add(s.n.name);
}

function pool(s: GraphDefStep): void {
  const same = text(s.attr.padding) === 'SAME';
  if (same && s.n.op === 'AvgPool') throw new Error(`${s.n.name}: SAME average pooling is not supported`);
  const kind = s.n.op === 'MaxPool' ? 'maxPool' : 'avgPool';
  s.b.add(s.n.name, [s.data], {
    kind,
    kernel: spatial(s, 'ksize'),
    stride: spatial(s, 'strides'),
    pads: [0, 0, 0, 0],
    ceilMode: false,
    ...(same ? { same } : {}),
  });
}

function lrn(s: GraphDefStep): void {
  const radius = toNumber(s.attr.depth_radius?.i) || 5;
  const size = 2 * radius + 1;
  // TensorFlow's alpha multiplies the plain sum; Caffe's (ours) the mean over the window.
  s.b.add(s.n.name, [s.data], { kind: 'lrn', size, alpha: (s.attr.alpha?.f ?? 1) * size, beta: s.attr.beta?.f ?? 0.5, k: s.attr.bias?.f ?? 1 });
}

function matMul(s: GraphDefStep): void {
  const w = s.b.consts.get(s.ins[1]!);
  if (!w) throw new Error(`${s.n.name}: its weights are not a constant`);
  const [inF, out] = w.shape as [number, number];
  s.b.add(s.n.name, [s.data], { kind: 'dense', weight: transpose2d(w.data as Float32Array, inF, out), bias: new Float32Array(out), outFeatures: out });
}

function concat(s: GraphDefStep): void {
  const parts = s.n.op === 'Concat' ? s.ins.slice(1) : s.ins.slice(0, -1);
  s.b.add(s.n.name, parts, { kind: 'concat' });
}

const GRAPHDEF_OPS: Record<string, (s: GraphDefStep) => void> = {
  Placeholder: (s) => s.b.setInput(s.n.name),
  Const: (s) => void s.b.consts.set(s.n.name, constValue(s.attr.value!.tensor!)),
  Identity: (s) => (s.b.consts.has(s.data) ? void s.b.consts.set(s.n.name, s.b.consts.get(s.data)!) : s.b.alias(s.n.name, s.data)),
  Conv2D: conv2d,
  BiasAdd: biasAdd,
  Add: biasAdd,
  Relu: (s) => s.b.add(s.n.name, [s.data], { kind: 'relu' }),
  Relu6: (s) => s.b.add(s.n.name, [s.data], { kind: 'relu', max: 6 }),
  MaxPool: pool,
  AvgPool: pool,
  LRN: lrn,
  Concat: concat,
  ConcatV2: concat,
  // After global pooling a reshape to [1, C] changes nothing in [C, 1, 1].
  Reshape: (s) => s.b.alias(s.n.name, s.data),
  MatMul: matMul,
  Softmax: (s) => {
    s.b.logits = s.data;
    s.b.add(s.n.name, [s.data], { kind: 'softmax' });
  },
};

/**
 * A frozen TensorFlow GraphDef (inception5h) as the engine-free network. Conv2D + BiasAdd
 * become one convolution named after the BiasAdd, so names such as
 * `mixed4d_3x3_bottleneck_pre_relu` address what TensorFlow calls them. Ops dreamreel
 * cannot run (the auxiliary heads' training-only parts, say) are left out with what depends on them.
 */
export function graphDefNetwork(bytes: Uint8Array, options: { name: string; suggestedLayers?: readonly string[]; preprocess?: Preprocess }): Network {
  const graph = graphDefType().decode(bytes) as unknown as { node?: NodeMessage[] };
  const b = new GraphDefBuilder();
  for (const n of graph.node ?? []) {
    const ins = (n.input ?? []).filter((i) => !i.startsWith('^')).map((i) => b.resolve(tensorName(i)));
    const handler = GRAPHDEF_OPS[n.op ?? ''];
    if (!handler || ins.some((i) => b.skipped.has(i))) {
      b.skipped.add(n.name);
      continue;
    }
    const data = ins[0] ?? '';
    handler({ n, attr: n.attr ?? {}, ins, data, inC: data && b.has(data) ? b.channelsOf(data) : 0, b });
  }
  if (!b.input) throw new Error('the graph has no Placeholder input');
  return b.build({
    name: options.name,
    preprocess: options.preprocess ?? INCEPTION5H_PREPROCESS,
    ...(options.suggestedLayers ? { suggestedLayers: options.suggestedLayers } : {}),
  });
}
