import * as tf from '@tensorflow/tfjs';
import type { PadOp } from '../network/graph.js';
import type { OpRule } from './rule.js';

export const padRule: OpRule<PadOp, null> = {
  onnxForward({ g, node, inputs, output }) {
    const [t, l, b, r] = node.op.pads;
    g.op('Pad', [inputs[0]!, g.ints([0, 0, t, l, 0, 0, b, r])], {}, output);
    return { output };
  },
  onnxBackward({ g, node, inShapes, dy }) {
    const [t, l] = node.op.pads;
    const [, h, w] = inShapes[0]!;
    return [g.op('Slice', [dy, g.ints([t, l]), g.ints([t + h, l + w]), g.ints([2, 3])])];
  },
  tfjsPrepare: () => null,
  tfjsForward({ node, inputs }) {
    const [t, l, b, r] = node.op.pads;
    return tf.pad(inputs[0]!, [[0, 0], [t, b], [l, r], [0, 0]]);
  },
};
