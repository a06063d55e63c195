import type { PoolOp } from '../../network/graph.js';
import { poolPads } from '../../network/shapes.js';
import { maxPoolWithIndices, scatterByIndices, separableFirstWinnerGradient, separableMaxPool, suitsFirstWinnerRoute } from './max-pool-gradient.js';
import type { OnnxRule } from '../onnx-rule.js';

export const poolOnnx: OnnxRule<PoolOp> = {
  forward({ g, node, inputs, inShapes, outShape, output, withGrad, reluGated }) {
    const op = node.op;
    const [, h, w] = inShapes[0]!;
    const attrs = { kernel_shape: op.kernel, strides: op.stride, pads: poolPads(op, h, w) };
    if (op.kind === 'avgPool') {
      g.op('AveragePool', [inputs[0]!], { ...attrs, count_include_pad: op.excludePad ? 0 : 1 }, output);
      return { output };
    }
    if (!withGrad) {
      g.op('MaxPool', [inputs[0]!], attrs, output);
      return { output };
    }
    const saved: Record<string, string> = suitsFirstWinnerRoute(op, attrs.pads, inShapes[0]!, outShape, reluGated[0]!)
      ? { rowMax: separableMaxPool(g, inputs[0]!, op, attrs.pads, output) }
      : { indices: maxPoolWithIndices(g, inputs[0]!, attrs, output) };
    return { output, saved };
  },

  backward({ g, node, inputs, inShapes, outShape, output, saved, dy }) {
    const op = node.op;
    const [c, h, w] = inShapes[0]!;
    if (op.kind === 'maxPool') {
      if (saved.indices) return [scatterByIndices(g, saved.indices, dy, inShapes[0]!)];
      return [separableFirstWinnerGradient(g, op, poolPads(op, h, w), inShapes[0]!, outShape, inputs[0]!, saved.rowMax!, output, dy)];
    }
    // Average pooling spreads each output's gradient evenly over its window: a depthwise
    // transposed convolution with a constant kernel.
    const [kh, kw] = op.kernel;
    const pads = poolPads(op, h, w);
    const kernel = g.floats([c, 1, kh, kw], new Float32Array(c * kh * kw).fill(1 / (kh * kw)));
    const covered = (size: number, out: number, k: number, s: number, p0: number, p1: number): number => size - ((out - 1) * s + k - p0 - p1);
    const outputPadding = [covered(h, outShape[1], kh, op.stride[0], pads[0], pads[2]), covered(w, outShape[2], kw, op.stride[1], pads[1], pads[3])];
    const share = op.excludePad ? g.op('Mul', [dy, g.floats([1, 1, outShape[1], outShape[2]], windowShares(op.kernel, op.stride, pads, h, w, outShape))]) : dy;
    return [g.op('ConvTranspose', [share, kernel], { kernel_shape: op.kernel, strides: op.stride, pads, group: c, output_padding: outputPadding })];
  },
};

/** kh*kw over the pixels each window covers inside the input: undoes the 1/(kh*kw) kernel where the pool divided by fewer. */
function windowShares(
  kernel: readonly [number, number],
  stride: readonly [number, number],
  pads: readonly number[],
  h: number,
  w: number,
  outShape: readonly number[],
): Float32Array {
  const inside = (o: number, k: number, s: number, p: number, size: number): number => Math.min(o * s - p + k, size) - Math.max(o * s - p, 0);
  const [oh, ow] = [outShape[1]!, outShape[2]!];
  const shares = new Float32Array(oh * ow);
  for (let y = 0; y < oh; y++)
    for (let x = 0; x < ow; x++)
      shares[y * ow + x] = (kernel[0] * kernel[1]) / (inside(y, kernel[0], stride[0], pads[0]!, h) * inside(x, kernel[1], stride[1], pads[1]!, w));
  return shares;
}
