import type { ConvOp, Op, Pads } from '../../network/graph.js';
import { batchNormAffine } from '../network-builder.js';
import type { OnnxBuilder } from './onnx-builder.js';
import type { attributes, ConstTensor, OnnxNode } from './onnx-proto.js';

/** An operator, or a setting of one, that dreamreel cannot run; the importer records it against the node's outputs. */
export class Unsupported extends Error {}

/** What an operator handler sees. */
export interface OnnxStep {
  readonly node: OnnxNode;
  /** The network name of this node's (first) output. */
  readonly name: string;
  readonly attr: ReturnType<typeof attributes>;
  /** Inputs resolved through aliases; '' for an omitted optional input. */
  readonly ins: readonly string[];
  readonly b: OnnxBuilder;
  readonly opset: number;
}

export const data = (s: OnnxStep): string => {
  const x = s.ins[0]!;
  if (s.b.consts.has(x) || !s.b.has(x)) throw new Unsupported(`${s.node.op_type} on a constant`);
  return x;
};

export function constant(s: OnnxStep, index: number, what: string): ConstTensor {
  const c = s.b.consts.get(s.ins[index] ?? '');
  if (!c) throw new Unsupported(`${s.node.op_type} whose ${what} is not a constant`);
  return c;
}

/** ONNX pads [h_begin, w_begin, h_end, w_end] are already our [top, left, bottom, right]. */
export function pads2d(s: OnnxStep): Pads {
  const p = s.attr.ints('pads') ?? [0, 0, 0, 0];
  if (p.length !== 4) throw new Unsupported(`${s.node.op_type} over ${p.length / 2} spatial dimensions`);
  return [p[0]!, p[1]!, p[2]!, p[3]!];
}

/** auto_pad: SAME_UPPER is TensorFlow's "same"; SAME_LOWER puts the odd pixel first, which nothing here does. */
function autoPad(s: OnnxStep): { same?: boolean; valid?: boolean } {
  const mode = s.attr.text('auto_pad', 'NOTSET');
  if (mode === 'SAME_LOWER') throw new Unsupported(`${s.node.op_type} with auto_pad SAME_LOWER`);
  return mode === 'SAME_UPPER' ? { same: true } : mode === 'VALID' ? { valid: true } : {};
}

/** A dilated kernel is an ordinary one with zeros between its taps: exact, and every engine runs it. */
function dilateKernel(w: Float32Array, oi: number, kh: number, kw: number, dh: number, dw: number): { weight: Float32Array; kernel: [number, number] } {
  const eh = (kh - 1) * dh + 1;
  const ew = (kw - 1) * dw + 1;
  const weight = new Float32Array(oi * eh * ew);
  for (let k = 0; k < oi; k++) for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) weight[(k * eh + y * dh) * ew + x * dw] = w[(k * kh + y) * kw + x]!;
  return { weight, kernel: [eh, ew] };
}

function conv(s: OnnxStep): Op {
  const x = data(s);
  const w = constant(s, 1, 'weight');
  const [out, inPerGroup, kh, kw] = w.dims as [number, number, number, number];
  const groups = s.attr.int('group', 1);
  const [dh, dw] = s.attr.ints('dilations') ?? [1, 1];
  const dilated = dilateKernel(w.data, out * inPerGroup, kh, kw, dh!, dw!);
  const auto = autoPad(s);
  const op: ConvOp = {
    kind: 'conv',
    weight: dilated.weight,
    bias: s.ins[2] ? constant(s, 2, 'bias').data : new Float32Array(out),
    outChannels: out,
    inChannels: inPerGroup * groups,
    kernel: dilated.kernel,
    stride: (s.attr.ints('strides') ?? [1, 1]) as [number, number],
    pads: auto.same || auto.valid ? [0, 0, 0, 0] : pads2d(s),
    groups,
    ...(auto.same ? { same: true } : {}),
  };
  if (s.b.channelsOf(x) !== op.inChannels) throw new Unsupported(`Conv expecting ${op.inChannels} channels on a tensor of ${s.b.channelsOf(x)}`);
  return op;
}

function pool(s: OnnxStep): Op {
  data(s);
  const max = s.node.op_type === 'MaxPool';
  if ((s.attr.ints('dilations') ?? [1, 1]).some((d) => d !== 1)) throw new Unsupported('MaxPool with dilations');
  const auto = autoPad(s);
  if (auto.same && !max) throw new Unsupported('AveragePool with auto_pad SAME_UPPER');
  const pads = auto.same || auto.valid ? ([0, 0, 0, 0] as const) : pads2d(s);
  const ceilMode = s.attr.int('ceil_mode', 0) === 1;
  if (ceilMode && (pads[0] !== pads[2] || pads[1] !== pads[3])) throw new Unsupported(`${s.node.op_type} in ceil mode with uneven pads`);
  const excludePad = !max && s.attr.int('count_include_pad', 0) === 0 && (ceilMode || pads.some((p) => p > 0));
  const kernel = s.attr.ints('kernel_shape') as [number, number];
  return {
    kind: max ? 'maxPool' : 'avgPool',
    kernel,
    stride: (s.attr.ints('strides') ?? [1, 1]) as [number, number],
    pads,
    ceilMode,
    ...(auto.same ? { same: true } : {}),
    ...(excludePad ? { excludePad } : {}),
  };
}

function clip(s: OnnxStep): Op {
  data(s);
  const bound = (index: number, attr: string, fallback: number): number => {
    if (s.opset < 11) return s.attr.float(attr, fallback);
    return s.ins[index] ? constant(s, index, attr).data[0]! : fallback;
  };
  const lo = bound(1, 'min', -Infinity);
  const hi = bound(2, 'max', Infinity);
  if (lo !== 0) throw new Unsupported(`Clip from ${lo} (only from 0, as ReLU6 does)`);
  return Number.isFinite(hi) ? { kind: 'relu', max: hi } : { kind: 'relu' };
}

function batchNormalization(s: OnnxStep): Op | undefined {
  const x = data(s);
  const [gamma, beta, mean, variance] = [1, 2, 3, 4].map((i) => constant(s, i, 'statistics').data) as [Float32Array, Float32Array, Float32Array, Float32Array];
  const { scale, shift } = batchNormAffine({ gamma, beta, mean, variance, epsilon: s.attr.float('epsilon', 1e-5) });
  // Folded only when nothing else reads the convolution's own output.
  if (s.b.foldIntoConv(s.name, x, scale, shift, s.b.uses(s.node.input![0]!) === 1)) return undefined;
  return { kind: 'affine', scale, shift };
}

/** Handlers return the op to add under the node's name, or nothing when they aliased or folded. */
export type OnnxHandler = (s: OnnxStep) => Op | undefined;

/** The operators that make feature maps from feature maps. */
export const LAYER_OPS: Record<string, OnnxHandler> = {
  Conv: conv,
  Relu: (s) => (data(s), { kind: 'relu' }),
  Clip: clip,
  LeakyRelu: (s) => (data(s), { kind: 'leakyRelu', alpha: s.attr.float('alpha', 0.01) }),
  Sigmoid: (s) => (data(s), { kind: 'sigmoid' }),
  MaxPool: pool,
  AveragePool: pool,
  GlobalAveragePool: (s) => (data(s), { kind: 'globalAvgPool' }),
  LRN: (s) => (
    data(s),
    { kind: 'lrn', size: s.attr.int('size', 5), alpha: s.attr.float('alpha', 1e-4), beta: s.attr.float('beta', 0.75), k: s.attr.float('bias', 1) }
  ),
  BatchNormalization: batchNormalization,
};
