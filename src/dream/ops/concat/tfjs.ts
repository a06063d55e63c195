import type { ConcatOp } from '../../network/graph.js';
import type { TfjsRule } from '../tfjs-rule.js';

export const concatTfjs: TfjsRule<ConcatOp> = {
  forward: ({ tf, inputs }) => tf.concat([...inputs], 3),
};
