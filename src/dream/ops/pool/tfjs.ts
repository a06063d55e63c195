import type * as TF from '@tensorflow/tfjs';
import type { PoolOp } from '../../network/graph.js';
import { poolPads } from '../../network/shapes.js';
import type { TfjsRule } from '../tfjs-rule.js';

/** Padding value for max pooling that never wins (tfjs pools have no explicit padding). */
const NEVER_MAX = -3.0e38;

export const poolTfjs: TfjsRule<PoolOp> = {
  forward({ tf, node, inputs, inShapes }) {
    const op = node.op;
    const [, h, w] = inShapes[0]!;
    const [t, l, b, r] = poolPads(op, h, w);
    const padded =
      t + l + b + r === 0
        ? inputs[0]!
        : tf.pad(
            inputs[0]!,
            [
              [0, 0],
              [t, b],
              [l, r],
              [0, 0],
            ],
            op.kind === 'maxPool' ? NEVER_MAX : 0,
          );
    const stride = op.stride as [number, number];
    const kernel = op.kernel as [number, number];
    if (op.kind === 'maxPool') return tf.maxPool(padded, kernel, stride, 'valid');
    const mean = tf.avgPool(padded, kernel, stride, 'valid');
    if (!op.excludePad) return mean;
    // Divide by the share of each window inside the input, not by the whole window.
    const inside = tf.pad(tf.ones<TF.Rank.R4>([1, h, w, 1]), [
      [0, 0],
      [t, b],
      [l, r],
      [0, 0],
    ]);
    return tf.div(mean, tf.avgPool(inside, kernel, stride, 'valid'));
  },
};
