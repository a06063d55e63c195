import type { NetNode, Op, OpKind } from '../network/graph.js';
import { addOnnx } from './add/onnx.js';
import { concatOnnx } from './concat/onnx.js';
import { convOnnx } from './conv/onnx.js';
import { denseOnnx } from './dense/onnx.js';
import { lrnOnnx } from './lrn/onnx.js';
import type { OnnxRule } from './onnx-rule.js';
import { padOnnx } from './pad/onnx.js';
import { poolOnnx } from './pool/onnx.js';
import { reluOnnx } from './relu/onnx.js';
import { softmaxOnnx } from './softmax/onnx.js';
import { leakyReluOnnx } from './leaky-relu/onnx.js';
import { sigmoidOnnx } from './sigmoid/onnx.js';
import { affineOnnx } from './affine/onnx.js';
import { globalAvgPoolOnnx } from './global-avg-pool/onnx.js';

/** Every op kind's ONNX half; the type makes a new kind without one a compile error. */
const RULES: { [K in OpKind]: OnnxRule<Extract<Op, { kind: K }>> } = {
  conv: convOnnx,
  relu: reluOnnx,
  maxPool: poolOnnx,
  avgPool: poolOnnx,
  lrn: lrnOnnx,
  concat: concatOnnx,
  dense: denseOnnx,
  softmax: softmaxOnnx,
  pad: padOnnx,
  add: addOnnx,
  leakyRelu: leakyReluOnnx,
  sigmoid: sigmoidOnnx,
  affine: affineOnnx,
  globalAvgPool: globalAvgPoolOnnx,
};

/** The ONNX rule for a node's op. */
export function onnxRuleFor<O extends Op>(node: NetNode<O>): OnnxRule<O> {
  return RULES[node.op.kind] as unknown as OnnxRule<O>;
}
