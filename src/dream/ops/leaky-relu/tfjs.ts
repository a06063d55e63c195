import type { LeakyReluOp } from '../../network/graph.js';
import type { TfjsRule } from '../tfjs-rule.js';

export const leakyReluTfjs: TfjsRule<LeakyReluOp> = {
  forward: ({ tf, node, inputs }) => tf.leakyRelu(inputs[0]!, node.op.alpha),
};
