import type { NetNode, Op, OpKind } from '../network/graph.js';
import { addTfjs } from './add/tfjs.js';
import { concatTfjs } from './concat/tfjs.js';
import { convTfjs } from './conv/tfjs.js';
import { denseTfjs } from './dense/tfjs.js';
import { lrnTfjs } from './lrn/tfjs.js';
import { padTfjs } from './pad/tfjs.js';
import { poolTfjs } from './pool/tfjs.js';
import { reluTfjs } from './relu/tfjs.js';
import { softmaxTfjs } from './softmax/tfjs.js';
import type { TfjsRule } from './tfjs-rule.js';
import { leakyReluTfjs } from './leaky-relu/tfjs.js';
import { sigmoidTfjs } from './sigmoid/tfjs.js';
import { affineTfjs } from './affine/tfjs.js';
import { globalAvgPoolTfjs } from './global-avg-pool/tfjs.js';

/** Every op kind's tfjs half; the type makes a new kind without one a compile error. */
const RULES: { [K in OpKind]: TfjsRule<Extract<Op, { kind: K }>, unknown> } = {
  conv: convTfjs,
  relu: reluTfjs,
  maxPool: poolTfjs,
  avgPool: poolTfjs,
  lrn: lrnTfjs,
  concat: concatTfjs,
  dense: denseTfjs,
  softmax: softmaxTfjs,
  pad: padTfjs,
  add: addTfjs,
  leakyRelu: leakyReluTfjs,
  sigmoid: sigmoidTfjs,
  affine: affineTfjs,
  globalAvgPool: globalAvgPoolTfjs,
};

/** The tfjs rule for a node's op. */
export function tfjsRuleFor<O extends Op>(node: NetNode<O>): TfjsRule<O, unknown> {
  return RULES[node.op.kind] as unknown as TfjsRule<O, unknown>;
}
