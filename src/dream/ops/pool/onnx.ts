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
      g.op('AveragePool', [inputs[0]!], { ...attrs, count_include_pad: 1 }, output);
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
    return [g.op('ConvTranspose', [dy, kernel], { kernel_shape: op.kernel, strides: op.stride, pads, group: c, output_padding: outputPadding })];
  },
};
