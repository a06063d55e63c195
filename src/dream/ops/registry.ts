import type { NetNode, Op, OpKind } from '../network/graph.js';
import { addRule } from './add.js';
import { concatRule } from './concat.js';
import { convRule } from './conv.js';
import { denseRule } from './dense.js';
import { lrnRule } from './lrn.js';
import { padRule } from './pad.js';
import { poolRule } from './pool.js';
import { reluRule } from './relu.js';
import type { OpRule } from './rule.js';
import { softmaxRule } from './softmax.js';

const RULES: { [K in OpKind]: OpRule<Extract<Op, { kind: K }>, unknown> } = {
  conv: convRule as OpRule<Extract<Op, { kind: 'conv' }>, unknown>,
  relu: reluRule,
  maxPool: poolRule,
  avgPool: poolRule,
  lrn: lrnRule,
  concat: concatRule,
  dense: denseRule as OpRule<Extract<Op, { kind: 'dense' }>, unknown>,
  softmax: softmaxRule,
  pad: padRule,
  add: addRule,
};

/** The rule for a node's op. */
export function ruleFor<O extends Op>(node: NetNode<O>): OpRule<O, unknown> {
  return RULES[node.op.kind] as unknown as OpRule<O, unknown>;
}
