import * as tf from '@tensorflow/tfjs';
import type { Network } from '../../src/dream/network/graph.js';
import { ancestorsOf } from '../../src/dream/network/graph.js';
import { convPads, inferShapes } from '../../src/dream/network/shapes.js';
import { tfjsRuleFor } from '../../src/dream/ops/tfjs-rules.js';
import { oihwToHwio } from '../../src/dream/ops/kernels.js';
import type { RgbImage } from '../../src/image/image.js';

/**
 * The gradient of sum(layer²)/N as tfjs's own tf.grad computes it on the cpu backend, with
 * plain tf.conv2d (tfjs's built-in gradients) instead of dreamreel's custom ones: the
 * reference every reverse rule is checked against.
 */
export function referenceGradient(net: Network, image: RgbImage, layer: string): Float32Array {
  const nodes = ancestorsOf(net, [layer]);
  const shapes = inferShapes(net, image.height, image.width, nodes);
  return tf.tidy(() => {
    const f = (x: tf.Tensor): tf.Scalar => {
      const pre = net.preprocess;
      const values = new Map<string, tf.Tensor4D>([
        [net.input, tf.add<tf.Tensor4D>(tf.mul(pre.channelOrder === 'BGR' ? tf.reverse(x, 3) : x, [...pre.scale]), [...pre.offset])],
      ]);
      for (const node of nodes) {
        const inputs = node.inputs.map((i) => values.get(i)!);
        const inShapes = node.inputs.map((i) => shapes.get(i)!);
        const op = node.op;
        let y: tf.Tensor4D;
        if (op.kind === 'conv') {
          const [t, l, b, r] = convPads(op, inShapes[0]![1], inShapes[0]![2]);
          const padded = tf.pad(inputs[0]!, [
            [0, 0],
            [t, b],
            [l, r],
            [0, 0],
          ]);
          const perGroup = op.inChannels / op.groups;
          const outPer = op.outChannels / op.groups;
          const groups = op.groups === 1 ? [padded] : tf.split<tf.Tensor4D>(padded, op.groups, 3);
          const parts = groups.map((part, g) => {
            const w = op.weight.subarray(g * outPer * perGroup * op.kernel[0] * op.kernel[1], (g + 1) * outPer * perGroup * op.kernel[0] * op.kernel[1]);
            const filter = tf.tensor4d(oihwToHwio(w, outPer, perGroup, op.kernel[0], op.kernel[1]), [op.kernel[0], op.kernel[1], perGroup, outPer]);
            return tf.conv2d(part, filter, op.stride as [number, number], 'valid');
          });
          y = tf.add(parts.length === 1 ? parts[0]! : tf.concat(parts, 3), op.bias);
        } else {
          const rule = tfjsRuleFor(node);
          y = rule.forward({ tf, node, prepared: rule.prepare?.(tf, node) ?? null, inputs, inShapes });
        }
        values.set(node.name, y);
      }
      const a = values.get(layer)!;
      return tf.div<tf.Scalar>(tf.sum(tf.square(a)), a.size);
    };
    return tf
      .grad(f)(tf.tensor4d(image.data, [1, image.height, image.width, 3]))
      .dataSync() as Float32Array;
  });
}
