import type { PadOp } from '../../network/graph.js';
import type { TfjsRule } from '../tfjs-rule.js';

export const padTfjs: TfjsRule<PadOp> = {
  forward({ tf, node, inputs }) {
    const [t, l, b, r] = node.op.pads;
    return tf.pad(inputs[0]!, [
      [0, 0],
      [t, b],
      [l, r],
      [0, 0],
    ]);
  },
};
