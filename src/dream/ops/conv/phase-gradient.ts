import type { ConvOp, Pads } from '../../network/graph.js';
import type { OnnxGraph } from '../../onnx/onnx-graph.js';

/**
 * The input gradient of a strided convolution as one stride-1 convolution and a DepthToSpace
 * (the polyphase form): each of the s x s phases of the input (rows r mod s, columns t mod s)
 * gathers from the output gradient through its own sub-kernel, and the phases become output
 * channels that DepthToSpace weaves back into place. ONNX Runtime runs that convolution in its
 * blocked layout, where ConvTranspose unfolds columns: in GoogLeNet's fused 512x512 step, conv1's
 * input gradient (7x7, stride 2) took 18 ms as ConvTranspose and 10 ms as this (npm run bench:profile).
 */

/** Along one axis: which output-gradient offsets d (i = a + d) feed input phase r, and the window of all phases. */
interface PhaseAxis {
  readonly stride: number;
  readonly kernel: number;
  readonly lead: number;
  /** The window of offsets over all phases: dMin..dMax. */
  readonly dMin: number;
  readonly dMax: number;
  /** Pads of the gradient so that the convolution gives ceil(size / stride) positions. */
  readonly padBefore: number;
  readonly padAfter: number;
  /** Phase positions: ceil(size / stride). */
  readonly positions: number;
}

function phaseAxis(size: number, outSize: number, kernel: number, stride: number, lead: number): PhaseAxis | undefined {
  // Input pixel m = s*a + r takes kernel tap u = r + lead - s*d from output gradient a + d.
  const phases = Array.from({ length: stride }, (_, r) => r);
  const dMin = Math.min(...phases.map((r) => Math.floor((r + lead - kernel) / stride) + 1));
  const dMax = Math.max(...phases.map((r) => Math.floor((r + lead) / stride)));
  const positions = Math.ceil(size / stride);
  const padBefore = -dMin;
  const padAfter = positions + dMax - outSize;
  return padBefore >= 0 && padAfter >= 0 ? { stride, kernel, lead, dMin, dMax, padBefore, padAfter, positions } : undefined;
}

/** The kernel tap of phase r at window index k (offset dMin + k), or -1 where it has none. */
const tapOf = (axis: PhaseAxis, r: number, k: number): number => {
  const u = r + axis.lead - axis.stride * (axis.dMin + k);
  return u >= 0 && u < axis.kernel ? u : -1;
};

/** Used where the phases' kernels, padded to one window, are mostly real taps (7x7 stride 2: 77%; 3x3 stride 2 would be 56%, and keeps ConvTranspose). */
const MIN_DENSITY = 0.7;

export interface PhasePlan {
  readonly rows: PhaseAxis;
  readonly cols: PhaseAxis;
}

/** A plan for convolutions with one group and the same stride both ways (DepthToSpace's one block size), else undefined. */
export function phasePlan(op: ConvOp, pads: Pads, inSize: readonly [number, number], outSize: readonly [number, number]): PhasePlan | undefined {
  const [sh, sw] = op.stride;
  if (op.groups !== 1 || sh !== sw || sh < 2) return undefined;
  const rows = phaseAxis(inSize[0], outSize[0], op.kernel[0], sh, pads[0]);
  const cols = phaseAxis(inSize[1], outSize[1], op.kernel[1], sw, pads[1]);
  if (!rows || !cols) return undefined;
  const window = (rows.dMax - rows.dMin + 1) * (cols.dMax - cols.dMin + 1);
  return (op.kernel[0] * op.kernel[1]) / (sh * sw * window) >= MIN_DENSITY ? { rows, cols } : undefined;
}

/** [phase rows r, phase cols t, in c] x [out o, window kh, window kw], from the weight [o, c, kh, kw]. */
function phaseKernel(op: ConvOp, { rows, cols }: PhasePlan): Float32Array {
  const [wh, ww] = [rows.dMax - rows.dMin + 1, cols.dMax - cols.dMin + 1];
  const [s, c, o, [kh, kw]] = [rows.stride, op.inChannels, op.outChannels, op.kernel];
  const kernel = new Float32Array(s * s * c * o * wh * ww);
  for (let r = 0; r < s; r++)
    for (let t = 0; t < s; t++)
      for (let y = 0; y < wh; y++)
        for (let x = 0; x < ww; x++) {
          const [u, v] = [tapOf(rows, r, y), tapOf(cols, t, x)];
          if (u < 0 || v < 0) continue;
          for (let ci = 0; ci < c; ci++)
            for (let oi = 0; oi < o; oi++) kernel[((((r * s + t) * c + ci) * o + oi) * wh + y) * ww + x] = op.weight[((oi * c + ci) * kh + u) * kw + v]!;
        }
  return kernel;
}

/** The input gradient of `op` from `dy` along `plan`: [in channels, height, width] as the input. */
export function phaseGradient(g: OnnxGraph, name: string, op: ConvOp, plan: PhasePlan, dy: string, inSize: readonly [number, number]): string {
  const { rows, cols } = plan;
  const s = rows.stride;
  const window = [rows.dMax - rows.dMin + 1, cols.dMax - cols.dMin + 1];
  const kernel = g.floats([s * s * op.inChannels, op.outChannels, ...window], phaseKernel(op, plan), `${name}:weight_phases`);
  const phases = g.op('Conv', [dy, kernel], { kernel_shape: window, pads: [rows.padBefore, cols.padBefore, rows.padAfter, cols.padAfter] });
  const woven = g.op('DepthToSpace', [phases], { blocksize: s, mode: 'DCR' });
  if (rows.positions * s === inSize[0] && cols.positions * s === inSize[1]) return woven;
  return g.op('Slice', [woven, g.ints([0, 0]), g.ints([...inSize]), g.ints([2, 3])]);
}
