import type { Pads, PoolOp, Shape } from '../../network/graph.js';
import type { OnnxGraph } from '../../onnx/onnx-graph.js';
import { toBlockedLayout } from '../../onnx/layout.js';
import { scaleChannels, STEEP } from '../../onnx/step-masks.js';

/**
 * Two ways to send a max pool's output gradient to the input element that won each window
 * (the first in scan order on ties, as ONNX Runtime's indices and tf.grad do).
 */

/** Forward with ONNX Runtime's argmax indices; returns their name. */
export function maxPoolWithIndices(g: OnnxGraph, x: string, attrs: Record<string, readonly number[]>, output: string): string {
  const [, indices] = g.node('MaxPool', [x], attrs, [output, g.fresh(`${output}:argmax`)]);
  return indices!;
}

/** Backward by those indices. Windows overlap, so gradients routed to one input must add. */
export function scatterByIndices(g: OnnxGraph, indices: string, dy: string, [c, h, w]: Shape): string {
  const zeros = g.op('ConstantOfShape', [g.ints([1, c * h * w])]);
  const flatIndices = g.op('Reshape', [indices, g.ints([1, -1])]);
  const flatDy = g.op('Reshape', [dy, g.ints([1, -1])]);
  const scattered = g.op('ScatterElements', [zeros, flatIndices, flatDy], { axis: 1, reduction: 'add' });
  return g.op('Reshape', [scattered, g.ints([1, c, h, w])]);
}

/** Where the taps of a one-axis window land: input phase (position mod stride) and how many windows on. */
interface Placing {
  readonly phase: readonly number[];
  readonly shift: readonly number[];
  /** Each phase image is `count` long; the placing convolution's kernel size and padding. */
  readonly count: number;
  readonly kernel: number;
  readonly padStart: number;
  readonly padEnd: number;
}

function placing(kernel: number, stride: number, padStart: number, inSize: number, outSize: number): Placing {
  const offsets = Array.from({ length: kernel }, (_, t) => t - padStart);
  const shift = offsets.map((d) => Math.floor(d / stride));
  const phase = offsets.map((d, t) => d - stride * shift[t]!);
  const [low, high] = [Math.min(...shift), Math.max(...shift)];
  const count = Math.ceil(inSize / stride);
  return { phase, shift, count, kernel: high - low + 1, padStart: high, padEnd: count - outSize + (high - low) - high };
}

/** One axis of a pool: 0 for rows (height), 1 for columns (width). */
interface AxisPool {
  readonly axis: 0 | 1;
  readonly kernel: number;
  readonly stride: number;
  readonly pads: readonly [number, number];
  readonly inSize: number;
  readonly outSize: number;
}

function axisPools(op: PoolOp, [t, l, b, r]: Pads, [, h, w]: Shape, [, ho, wo]: Shape): [rows: AxisPool, cols: AxisPool] {
  return [
    { axis: 0, kernel: op.kernel[0], stride: op.stride[0], pads: [t, b], inSize: h, outSize: ho },
    { axis: 1, kernel: op.kernel[1], stride: op.stride[1], pads: [l, r], inSize: w, outSize: wo },
  ];
}

/**
 * Pools the mask route below handles: ReLU-gated input, and along each axis a window at
 * least as long as the stride (every input phase has taps).
 */
export function suitsFirstWinnerRoute(op: PoolOp, pads: Pads, inShape: Shape, outShape: Shape, reluGated: boolean): boolean {
  if (op.kind !== 'maxPool' || !reluGated) return false;
  return axisPools(op, pads, inShape, outShape).every((a) => a.kernel >= a.stride && placing(a.kernel, a.stride, a.pads[0], a.inSize, a.outSize).padEnd >= 0);
}

/**
 * The forward of that route, in two passes: the maximum along each row (over the window's
 * columns), then along each column of those (over its rows). The backward wants the first
 * pass's result; returns its name.
 */
export function separableMaxPool(g: OnnxGraph, x: string, op: PoolOp, [t, l, b, r]: Pads, output: string): string {
  const rowMax = g.op('MaxPool', [x], { kernel_shape: [1, op.kernel[1]], strides: [1, op.stride[1]], pads: [0, l, 0, r] });
  g.op('MaxPool', [rowMax], { kernel_shape: [op.kernel[0], 1], strides: [op.stride[0], 1], pads: [t, 0, b, 0] }, output);
  return rowMax;
}

/**
 * The same routing without indices: ONNX Runtime's MaxPool with indices leaves its fast
 * blocked-layout kernel (8x slower than without), and ScatterElements runs on one thread.
 * Here every op is a depthwise convolution (fused with its tanh and its accumulation) or a
 * multiply, in the blocked layout. It undoes the forward's passes in reverse, each along one
 * axis: the first row holding the maximum, then the first column in that row, is the
 * scan-order winner.
 * Measured side by side on 512x512 GoogLeNet steps, against indices + scatter: masks over
 * whole 3x3 windows of the five stride-1 pools, 4-5% faster; as row and column passes,
 * 6-8% faster again; the three strided pools too, 3-4% more.
 */
export function separableFirstWinnerGradient(
  g: OnnxGraph,
  op: PoolOp,
  pads: Pads,
  inShape: Shape,
  outShape: Shape,
  x: string,
  rowMax: string,
  y: string,
  dy: string,
): string {
  const [rows, cols] = axisPools(op, pads, inShape, outShape);
  const channels = inShape[0];
  const dRowMax = axisFirstWinnerGradient(g, rows, rowMax, y, dy, channels);
  return axisFirstWinnerGradient(g, cols, x, rowMax, dRowMax, channels);
}

/**
 * One axis's gradient by masks. With y the pooled output and tap t of a window at
 * x[stride * p + t - padStart]:
 *   below_t = tanh(STEEP * (y - tap_t))    1 where the tap is below the max, 0 where it is it
 *   open_t  = below_0 * ... * below_{t-1}  1 while no earlier tap has won
 *   dx = sum_t place_t(dy * open_t * (1 - below_t)) = sum_t (place_t - place_{t-1})(dy * open_t)
 * where place_t moves a window's value to its tap's input position (open_0 = 1,
 * place_{-1} = 0): a shift within the input phase that tap lands in; strided pools then
 * interleave their phases. Zero padding acts as taps of value 0, which can only tie with a
 * window whose maximum is 0: those gradients belong to ReLU zeros, which discard them anyway.
 * (STEEP * y overflows for activations above 3e8, far beyond what these networks make.)
 */
function axisFirstWinnerGradient(g: OnnxGraph, pool: AxisPool, x: string, y: string, dy: string, channels: number): string {
  const { axis, kernel: taps, stride } = pool;
  // A function, not a generic arrow: `<T>(…) =>` reads as JSX to tools that parse .ts like .tsx.
  function along<T>(size: T, across: T): [T, T] {
    return axis === 0 ? [size, across] : [across, size];
  }
  /** A depthwise convolution along the axis whose kernel holds `values` at the given taps, in every channel. */
  const depthwise = (input: string, size: number, values: ReadonlyMap<number, number>, attrs: Record<string, readonly number[]>): string => {
    const weight = new Float32Array(channels * size);
    for (let c = 0; c < channels; c++) for (const [tap, value] of values) weight[c * size + tap] = value;
    return g.op('Conv', [input, g.floats([channels, 1, ...along(size, 1)], weight)], { kernel_shape: along(size, 1), group: channels, ...attrs });
  };
  const [padStart, padEnd] = pool.pads;
  const steepY = scaleChannels(g, y, channels, STEEP);
  const below = (tap: number): string => {
    const tapValue = depthwise(x, taps, new Map([[tap, -STEEP]]), { strides: along(stride, 1), pads: [...along(padStart, 0), ...along(padEnd, 0)] });
    return g.op('Tanh', [g.op('Add', [tapValue, steepY])]);
  };

  // Each input phase's image gathers the shifted contributions of the taps that land in it.
  const place = placing(taps, stride, padStart, pool.inSize, pool.outSize);
  const phases: (string | undefined)[] = Array.from({ length: stride }, () => undefined);
  const add = (routed: string, ...terms: [tap: number, value: number][]): void => {
    for (let phase = 0; phase < stride; phase++) {
      const kernel = new Map(terms.filter(([tap]) => place.phase[tap] === phase).map(([tap, value]) => [place.padStart - place.shift[tap]!, value]));
      if (kernel.size === 0) continue;
      const shifted = depthwise(routed, place.kernel, kernel, { pads: [...along(place.padStart, 0), ...along(place.padEnd, 0)] });
      phases[phase] = phases[phase] ? g.op('Add', [phases[phase]!, shifted]) : shifted;
    }
  };
  // dy * open_t, one multiply per tap.
  let routed = dy;
  add(routed, [0, 1]);
  for (let tap = 1; tap < taps; tap++) {
    routed = g.op('Mul', [routed, below(tap - 1)]);
    add(routed, [tap, 1], [tap - 1, -1]);
  }
  if (stride === 1) return phases[0]!;
  return interleave(g, phases as string[], axis, place.count, pool.inSize);
}

/** Phase images [1, C, count, n] (rows) or [1, C, n, count] (columns) woven into one axis, cut to `size`. */
function interleave(g: OnnxGraph, phases: readonly string[], axis: 0 | 1, count: number, size: number): string {
  // A new axis right after the woven one, concatenated along, then merged into it.
  const split = axis === 0 ? [0, 0, count, 1, -1] : [0, 0, 0, count, 1];
  const merged = axis === 0 ? [0, 0, count * phases.length, -1] : [0, 0, 0, count * phases.length];
  const stacked = g.op(
    'Concat',
    phases.map((p) => g.op('Reshape', [p, g.ints(split)])),
    { axis: 3 + axis },
  );
  const woven = g.op('Reshape', [stacked, g.ints(merged)]);
  const cut = count * phases.length === size ? woven : g.op('Slice', [woven, g.ints([0]), g.ints([size]), g.ints([2 + axis])]);
  return toBlockedLayout(g, cut);
}
