import type * as TF from '@tensorflow/tfjs';
import type { ConvOp, Pads } from '../../network/graph.js';
import { convPads } from '../../network/shapes.js';
import { flippedTransposedKernel, oihwToHwio } from '../kernels.js';
import type { TfjsRule, TfModule } from '../tfjs-rule.js';

interface TfjsConv {
  /** One entry per group; depthwise convolutions use one entry for all channels. */
  readonly groups: readonly { filter: TF.Tensor4D; flipped: TF.Tensor4D }[];
  readonly depthwise: boolean;
  readonly bias: TF.Tensor1D;
}

/** Zeros between the rows and columns of a NHWC tensor: the transpose of striding. */
function dilate(tf: TfModule, x: TF.Tensor4D, [sh, sw]: readonly [number, number]): TF.Tensor4D {
  let y = x;
  if (sw > 1) {
    const [n, h, w, c] = y.shape;
    const spread = tf.concat([y.expandDims(3), tf.zeros([n, h, w, sw - 1, c])], 3).reshape<TF.Tensor4D>([n, h, w * sw, c]);
    y = spread.slice([0, 0, 0, 0], [n, h, w * sw - (sw - 1), c]);
  }
  if (sh > 1) {
    const [n, h, w, c] = y.shape;
    const spread = tf.concat([y.expandDims(2), tf.zeros([n, h, sh - 1, w, c])], 2).reshape<TF.Tensor4D>([n, h * sh, w, c]);
    y = spread.slice([0, 0, 0, 0], [n, h * sh - (sh - 1), w, c]);
  }
  return y;
}

/** Pads (or crops, where negative) a NHWC tensor spatially. */
function padOrCrop(tf: TfModule, x: TF.Tensor4D, t: number, l: number, b: number, r: number): TF.Tensor4D {
  let y = tf.pad(x, [
    [0, 0],
    [Math.max(t, 0), Math.max(b, 0)],
    [Math.max(l, 0), Math.max(r, 0)],
    [0, 0],
  ]);
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
function convGroup(tf: TfModule, x: TF.Tensor4D, op: ConvOp, pads: Pads, filter: TF.Tensor4D, flipped: TF.Tensor4D, depthwise: boolean): TF.Tensor4D {
  const [kh, kw] = op.kernel;
  const [t, l, b, r] = pads;
  const run = (input: TF.Tensor4D, f: TF.Tensor4D, stride: readonly [number, number]): TF.Tensor4D =>
    depthwise ? tf.depthwiseConv2d(input, f, stride as [number, number], 'valid') : tf.conv2d(input, f, stride as [number, number], 'valid');
  const forward = tf.customGrad(((input: TF.Tensor) => {
    const x4 = input as TF.Tensor4D;
    const [, h, w] = x4.shape;
    const value = run(padOrCrop(tf, x4, t, l, b, r), filter, op.stride);
    const gradFunc = (dy: TF.Tensor): TF.Tensor => {
      const d = dilate(tf, dy as TF.Tensor4D, op.stride);
      const [, dh, dw] = d.shape;
      const padTop = kh - 1 - t;
      const padLeft = kw - 1 - l;
      return run(padOrCrop(tf, d, padTop, padLeft, h + kh - 1 - dh - padTop, w + kw - 1 - dw - padLeft), flipped, [1, 1]);
    };
    return { value, gradFunc };
  }) as unknown as Parameters<TfModule['customGrad']>[0]);
  return forward(x) as TF.Tensor4D;
}

export const convTfjs: TfjsRule<ConvOp, TfjsConv> = {
  prepare(tf, { op }) {
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

  forward({ tf, node, prepared, inputs, inShapes }) {
    const x = inputs[0]!;
    const pads = convPads(node.op, inShapes[0]![1], inShapes[0]![2]);
    const { groups, depthwise, bias } = prepared;
    let y: TF.Tensor4D;
    if (groups.length === 1) {
      y = convGroup(tf, x, node.op, pads, groups[0]!.filter, groups[0]!.flipped, depthwise);
    } else {
      const parts = tf.split<TF.Tensor4D>(x, groups.length, 3);
      y = tf.concat(
        parts.map((part, i) => convGroup(tf, part, node.op, pads, groups[i]!.filter, groups[i]!.flipped, false)),
        3,
      );
    }
    return tf.add(y, bias);
  },
};
