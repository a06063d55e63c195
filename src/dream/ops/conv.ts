import * as tf from '@tensorflow/tfjs';
import type { ConvOp, Pads } from '../network/graph.js';
import { convPads } from '../network/shapes.js';
import { flippedTransposedKernel, oihwToHwio } from './kernels.js';
import type { OpRule } from './rule.js';

/** Input gradient of a stride-1 convolution as another convolution, when its padding allows. */
function flippedConvPads(op: ConvOp, [t, l, b, r]: Pads): number[] | undefined {
  const [kh, kw] = op.kernel;
  const pads = [kh - 1 - t, kw - 1 - l, kh - 1 - b, kw - 1 - r];
  return op.stride[0] === 1 && op.stride[1] === 1 && pads.every((p) => p >= 0) ? pads : undefined;
}

interface TfjsConv {
  /** One entry per group; depthwise convolutions use one entry for all channels. */
  readonly groups: readonly { filter: tf.Tensor4D; flipped: tf.Tensor4D }[];
  readonly depthwise: boolean;
  readonly bias: tf.Tensor1D;
}

/** Zeros between the rows and columns of a NHWC tensor: the transpose of striding. */
function dilate(x: tf.Tensor4D, [sh, sw]: readonly [number, number]): tf.Tensor4D {
  let y = x;
  if (sw > 1) {
    const [n, h, w, c] = y.shape;
    const spread = tf.concat([y.expandDims(3), tf.zeros([n, h, w, sw - 1, c])], 3).reshape([n, h, w * sw, c]) as tf.Tensor4D;
    y = spread.slice([0, 0, 0, 0], [n, h, w * sw - (sw - 1), c]);
  }
  if (sh > 1) {
    const [n, h, w, c] = y.shape;
    const spread = tf.concat([y.expandDims(2), tf.zeros([n, h, sh - 1, w, c])], 2).reshape([n, h * sh, w, c]) as tf.Tensor4D;
    y = spread.slice([0, 0, 0, 0], [n, h * sh - (sh - 1), w, c]);
  }
  return y;
}

/** Pads (or crops, where negative) a NHWC tensor spatially. */
function padOrCrop(x: tf.Tensor4D, t: number, l: number, b: number, r: number): tf.Tensor4D {
  let y = tf.pad(x, [[0, 0], [Math.max(t, 0), Math.max(b, 0)], [Math.max(l, 0), Math.max(r, 0)], [0, 0]]);
  if (t < 0 || l < 0 || b < 0 || r < 0) {
    const [, h, w] = y.shape;
    y = y.slice([0, Math.max(-t, 0), Math.max(-l, 0), 0], [-1, h - Math.max(-t, 0) - Math.max(-b, 0), w - Math.max(-l, 0) - Math.max(-r, 0), -1]);
  }
  return y;
}

/**
 * One group of a convolution with an input-only gradient: the gradient is the flipped
 * kernel convolved over the (dilated, padded) output gradient, so backward passes run on
 * the backend's fast forward convolution and never compute filter gradients (wasm has
 * no Conv2DBackpropFilter, and its Conv2DBackpropInput is slow).
 */
function convGroup(x: tf.Tensor4D, op: ConvOp, pads: Pads, filter: tf.Tensor4D, flipped: tf.Tensor4D, depthwise: boolean): tf.Tensor4D {
  const [kh, kw] = op.kernel;
  const [t, l, b, r] = pads;
  const run = (input: tf.Tensor4D, f: tf.Tensor4D, stride: readonly [number, number]): tf.Tensor4D =>
    depthwise ? tf.depthwiseConv2d(input, f, stride as [number, number], 'valid') : tf.conv2d(input, f, stride as [number, number], 'valid');
  const forward = tf.customGrad(((input: tf.Tensor) => {
    const x4 = input as tf.Tensor4D;
    const [, h, w] = x4.shape;
    const value = run(padOrCrop(x4, t, l, b, r), filter, op.stride);
    const gradFunc = (dy: tf.Tensor): tf.Tensor => {
      const d = dilate(dy as tf.Tensor4D, op.stride);
      const [, dh, dw] = d.shape;
      const padTop = kh - 1 - t;
      const padLeft = kw - 1 - l;
      return run(padOrCrop(d, padTop, padLeft, h + kh - 1 - dh - padTop, w + kw - 1 - dw - padLeft), flipped, [1, 1]);
    };
    return { value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return forward(x) as tf.Tensor4D;
}

export const convRule: OpRule<ConvOp, TfjsConv> = {
  onnxForward({ g, node, inputs, inShapes, output }) {
    const op = node.op;
    const pads = convPads(op, inShapes[0]![1], inShapes[0]![2]);
    const w = g.floats([op.outChannels, op.inChannels / op.groups, ...op.kernel], op.weight, `${node.name}:weight`);
    const b = g.floats([op.outChannels], op.bias, `${node.name}:bias`);
    g.op('Conv', [inputs[0]!, w, b], { kernel_shape: op.kernel, strides: op.stride, pads, group: op.groups }, output);
    return { output };
  },

  onnxBackward({ g, node, inShapes, dy, inputParts }) {
    const op = node.op;
    const inPerGroup = op.inChannels / op.groups;
    const [, h, w] = inShapes[0]!;
    const pads = convPads(op, h, w);
    const flippedPads = flippedConvPads(op, pads);
    if (flippedPads) {
      // Much faster than ConvTranspose in ONNX Runtime's CPU provider (measured).
      const flipped = flippedTransposedKernel(op.weight, op.outChannels, inPerGroup, op.kernel[0], op.kernel[1], op.groups);
      const attrs = { kernel_shape: op.kernel, strides: [1, 1], pads: flippedPads, group: op.groups };
      const parts = inputParts[0];
      if (parts && op.groups === 1) {
        // The flipped kernel's rows are input channels: one convolution per concatenated part.
        const perChannel = op.outChannels * op.kernel[0] * op.kernel[1];
        const starts = parts.map((_, k) => parts.slice(0, k).reduce((a, b) => a + b, 0));
        return [parts.map((channels, k) => {
          const rows = flipped.subarray(starts[k]! * perChannel, (starts[k]! + channels) * perChannel);
          return g.op('Conv', [dy, g.floats([channels, op.outChannels, ...op.kernel], rows, `${node.name}:weight_flipped:${k}`)], attrs);
        })];
      }
      const wf = g.floats([op.inChannels, op.outChannels / op.groups, ...op.kernel], flipped, `${node.name}:weight_flipped`);
      return [g.op('Conv', [dy, wf], attrs)];
    }
    const [t, l, b, r] = pads;
    const covered = (size: number, k: number, s: number, p0: number, p1: number): number => s * Math.floor((size + p0 + p1 - k) / s) + k - p0 - p1;
    const outputPadding = [h - covered(h, op.kernel[0], op.stride[0], t, b), w - covered(w, op.kernel[1], op.stride[1], l, r)];
    const weight = `${node.name}:weight`;
    return [g.op('ConvTranspose', [dy, weight], { kernel_shape: op.kernel, strides: op.stride, pads, group: op.groups, output_padding: outputPadding })];
  },

  tfjsPrepare({ op }) {
    const [kh, kw] = op.kernel;
    const inPerGroup = op.inChannels / op.groups;
    const outPerGroup = op.outChannels / op.groups;
    const depthwise = op.groups > 1 && op.groups === op.inChannels && op.outChannels === op.inChannels;
    const flipped = flippedTransposedKernel(op.weight, op.outChannels, inPerGroup, kh, kw, op.groups);
    const bias = tf.tensor1d(op.bias);
    if (depthwise) {
      // [C, 1, kh, kw] -> [kh, kw, C, 1]
      const filter = tf.tensor4d(oihwToHwio(op.weight, op.outChannels, 1, kh, kw), [kh, kw, op.outChannels, 1]);
      const flip = tf.tensor4d(oihwToHwio(flipped, op.inChannels, 1, kh, kw), [kh, kw, op.inChannels, 1]);
      return { groups: [{ filter, flipped: flip }], depthwise, bias };
    }
    const groups = Array.from({ length: op.groups }, (_, gi) => {
      const w = op.weight.subarray(gi * outPerGroup * inPerGroup * kh * kw, (gi + 1) * outPerGroup * inPerGroup * kh * kw);
      const f = flipped.subarray(gi * inPerGroup * outPerGroup * kh * kw, (gi + 1) * inPerGroup * outPerGroup * kh * kw);
      return {
        filter: tf.tensor4d(oihwToHwio(w, outPerGroup, inPerGroup, kh, kw), [kh, kw, inPerGroup, outPerGroup]),
        flipped: tf.tensor4d(oihwToHwio(f, inPerGroup, outPerGroup, kh, kw), [kh, kw, outPerGroup, inPerGroup]),
      };
    });
    return { groups, depthwise, bias };
  },

  tfjsForward({ node, prepared, inputs, inShapes }) {
    const x = inputs[0]!;
    const pads = convPads(node.op, inShapes[0]![1], inShapes[0]![2]);
    const { groups, depthwise, bias } = prepared;
    let y: tf.Tensor4D;
    if (groups.length === 1) {
      y = convGroup(x, node.op, pads, groups[0]!.filter, groups[0]!.flipped, depthwise);
    } else {
      const parts = tf.split(x, groups.length, 3) as tf.Tensor4D[];
      y = tf.concat(parts.map((part, i) => convGroup(part, node.op, pads, groups[i]!.filter, groups[i]!.flipped, false)), 3);
    }
    return tf.add(y, bias);
  },
};
