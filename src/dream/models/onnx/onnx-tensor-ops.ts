import type { Op } from '../../network/graph.js';
import { transpose2d } from '../../ops/kernels.js';
import { constant, data, Unsupported, type OnnxHandler, type OnnxStep } from './onnx-ops.js';
import { constTensor, type ConstTensor } from './onnx-proto.js';

/**
 * A constant as one value per channel of `x`: a scalar, or [C], [C,1,1], [1,C,1,1]. A plain
 * [C] broadcasts over channels only where the tensor is flat ([1, C] after Flatten).
 */
function perChannel(s: OnnxStep, c: ConstTensor, x: string): Float32Array {
  const channels = s.b.channelsOf(x);
  if (c.data.length === 1) return new Float32Array(channels).fill(c.data[0]!);
  const d = c.dims;
  const leadingOnes = d.slice(0, -3).every((v) => v === 1);
  const chw = d.length >= 3 && leadingOnes && d.at(-3) === channels && d.at(-2) === 1 && d.at(-1) === 1;
  const flatRow = d.slice(0, -1).every((v) => v === 1) && d.at(-1) === channels && s.b.flat.has(x);
  if (chw || flatRow) return c.data;
  throw new Unsupported(`${s.node.op_type} by a constant of shape [${c.dims.join(', ')}] on a tensor of ${channels} channels`);
}

/** Add, Sub, Mul, Div of a feature map and a constant (input normalisation, biases) as a per-channel affine op. */
function arithmetic(s: OnnxStep): Op | undefined {
  const op = s.node.op_type;
  const [a, b] = [s.ins[0]!, s.ins[1]!];
  const ca = s.b.consts.get(a);
  const cb = s.b.consts.get(b);
  if (!ca && !cb) {
    if (op === 'Add') return { kind: 'add' };
    throw new Unsupported(`${op} of two feature maps`);
  }
  if (ca && cb) throw new Unsupported(`${op} of two constants`);
  const x = ca ? b : a;
  const c = perChannel(s, (ca ?? cb)!, x);
  const ones = new Float32Array(c.length).fill(1);
  const zeros = new Float32Array(c.length);
  if (op === 'Add') return s.b.foldBias(s.name, x, c) ? undefined : { kind: 'affine', scale: ones, shift: c };
  if (op === 'Mul') return { kind: 'affine', scale: c, shift: zeros };
  if (op === 'Sub') return ca ? { kind: 'affine', scale: ones.map(() => -1), shift: c } : { kind: 'affine', scale: ones, shift: c.map((v) => -v) };
  if (ca) throw new Unsupported('Div of a constant by a feature map');
  return { kind: 'affine', scale: c.map((v) => 1 / v), shift: zeros };
}

function pad(s: OnnxStep): Op {
  data(s);
  if (s.attr.text('mode', 'constant') !== 'constant') throw new Unsupported(`Pad in ${s.attr.text('mode', '')} mode`);
  const value = s.opset < 11 ? s.attr.float('value', 0) : s.ins[2] ? constant(s, 2, 'value').data[0]! : 0;
  if (value !== 0) throw new Unsupported(`Pad with ${value}`);
  if (s.ins[3]) throw new Unsupported('Pad with axes');
  const p = s.opset < 11 ? s.attr.ints('pads')! : [...constant(s, 1, 'pads').data];
  if (p.length !== 8 || p[0] || p[1] || p[4] || p[5]) throw new Unsupported('Pad outside the two spatial dimensions');
  return { kind: 'pad', pads: [p[2]!, p[3]!, p[6]!, p[7]!] };
}

/** Gemm or MatMul with constant weights: a dense layer over the features flattened in C,H,W order. */
function dense(s: OnnxStep): Op {
  const x = data(s);
  if (!s.b.flat.has(x)) throw new Unsupported(`${s.node.op_type} on a feature map that is not flattened`);
  const w = constant(s, 1, 'weights');
  const gemm = s.node.op_type === 'Gemm';
  if (gemm && s.attr.int('transA', 0)) throw new Unsupported('Gemm with transA');
  const transB = gemm && s.attr.int('transB', 0) === 1;
  const [rows, cols] = w.dims as [number, number];
  const out = transB ? rows : cols;
  const alpha = gemm ? s.attr.float('alpha', 1) : 1;
  const weight = (transB ? w.data : transpose2d(w.data, rows, cols)).map((v) => v * alpha);
  const beta = gemm ? s.attr.float('beta', 1) : 1;
  const bias = gemm && s.ins[2] ? constant(s, 2, 'bias').data.map((v) => v * beta) : new Float32Array(out);
  if (bias.length !== out) throw new Unsupported('Gemm with a bias that is not one per output');
  return { kind: 'dense', weight, bias, outFeatures: out };
}

/** No-ops for a feature map; constants pass through them too (PyTorch shares weights through Identity). */
function passThrough(s: OnnxStep): undefined {
  const x = s.ins[0]!;
  if (s.b.consts.has(x)) s.b.consts.set(s.name, s.b.consts.get(x)!);
  else s.b.alias(s.name, x);
  return undefined;
}

function flatten(s: OnnxStep): undefined {
  if (s.attr.int('axis', 1) !== 1) throw new Unsupported(`Flatten at axis ${s.attr.int('axis', 1)}`);
  passThrough(s);
  s.b.flat.add(s.b.resolve(s.name));
  return undefined;
}

/** A reshape after global pooling ([C,1,1] to [1,C]) changes nothing; any other needs real shapes. */
function reshape(s: OnnxStep): undefined {
  const x = data(s);
  const producer = s.b.nodes.find((n) => n.name === x);
  if (!s.b.flat.has(x) && producer?.op.kind !== 'globalAvgPool') throw new Unsupported(`${s.node.op_type} of a feature map`);
  passThrough(s);
  s.b.flat.add(s.b.resolve(s.name));
  return undefined;
}

function constantNode(s: OnnxStep): undefined {
  const t = s.attr.tensor('value');
  const f = s.attr.float('value_float', NaN);
  const i = s.attr.int('value_int', NaN);
  const list = s.attr.ints('value_ints');
  if (t) s.b.consts.set(s.name, constTensor(t, s.b.dir));
  else if (!Number.isNaN(f)) s.b.consts.set(s.name, { dims: [], data: Float32Array.of(f) });
  else if (!Number.isNaN(i)) s.b.consts.set(s.name, { dims: [], data: Float32Array.of(i) });
  else if (list) s.b.consts.set(s.name, { dims: [list.length], data: Float32Array.from(list) });
  else throw new Unsupported('Constant of a kind other than a tensor or numbers');
  return undefined;
}

function concat(s: OnnxStep): Op {
  const axis = s.attr.int('axis', 1);
  if (axis !== 1 && axis !== -3) throw new Unsupported(`Concat along axis ${axis}`);
  if (s.ins.some((i) => s.b.consts.has(i))) throw new Unsupported('Concat with a constant');
  return { kind: 'concat' };
}

function softmax(s: OnnxStep): Op {
  const x = data(s);
  if (!s.b.flat.has(x) && s.b.nodes.find((n) => n.name === x)?.op.kind !== 'dense') throw new Unsupported('Softmax over a feature map');
  s.b.logits = x;
  return { kind: 'softmax' };
}

/** The operators that join, reshape or pass tensors, and the arithmetic by constants. */
export const TENSOR_OPS: Record<string, OnnxHandler> = {
  Concat: concat,
  Add: arithmetic,
  Sub: arithmetic,
  Mul: arithmetic,
  Div: arithmetic,
  Pad: pad,
  Flatten: flatten,
  Reshape: reshape,
  Squeeze: reshape,
  Gemm: dense,
  MatMul: dense,
  Identity: passThrough,
  Dropout: passThrough,
  Constant: constantNode,
  Softmax: softmax,
};
