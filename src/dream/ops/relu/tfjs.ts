import type { ReluOp } from '../../network/graph.js';
import type { TfjsRule } from '../tfjs-rule.js';

export const reluTfjs: TfjsRule<ReluOp> = {
  forward({ tf, node, inputs }) {
    const max = node.op.max;
    if (max === undefined) return tf.relu(inputs[0]!);
    return max === 6 ? tf.relu6(inputs[0]!) : tf.clipByValue(inputs[0]!, 0, max);
  },
};
