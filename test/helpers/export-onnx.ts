import { float, OnnxGraph } from '../../src/dream/onnx/onnx-graph.js';
import type { Network, NetNode } from '../../src/dream/network/graph.js';

/** One node of the description as plain ONNX operators, named as the description names it. */
function exportNode(g: OnnxGraph, node: NetNode): void {
  const { name, op } = node;
  const x = node.inputs;
  switch (op.kind) {
    case 'conv':
      g.op(
        'Conv',
        [x[0]!, g.floats([op.outChannels, op.inChannels / op.groups, ...op.kernel], op.weight), g.floats([op.outChannels], op.bias)],
        { kernel_shape: op.kernel, strides: op.stride, pads: op.pads, group: op.groups },
        name,
      );
      return;
    case 'relu':
      g.op('Relu', [x[0]!], {}, name);
      return;
    case 'maxPool':
    case 'avgPool': {
      const attrs = { kernel_shape: op.kernel, strides: op.stride, pads: op.pads, ceil_mode: op.ceilMode ? 1 : 0 };
      g.op(op.kind === 'maxPool' ? 'MaxPool' : 'AveragePool', [x[0]!], op.kind === 'avgPool' ? { ...attrs, count_include_pad: 1 } : attrs, name);
      return;
    }
    case 'lrn':
      g.op('LRN', [x[0]!], { size: op.size, alpha: float(op.alpha), beta: float(op.beta), bias: float(op.k) }, name);
      return;
    case 'concat':
      g.op('Concat', [...x], { axis: 1 }, name);
      return;
    case 'dense': {
      const flat = g.op('Flatten', [x[0]!], { axis: 1 });
      g.op('Gemm', [flat, g.floats([op.outFeatures, op.weight.length / op.outFeatures], op.weight), g.floats([op.outFeatures], op.bias)], { transB: 1 }, name);
      return;
    }
    case 'softmax':
      g.op('Softmax', [x[0]!], { axis: 1 }, name);
      return;
    default:
      throw new Error(`the test exporter does not write ${op.kind}`);
  }
}

/**
 * Writes a loaded network as an ONNX file, as a user's exporter would: the preprocessed
 * image as input (for Caffe nets, BGR minus the mean), real LRN nodes, node and output names
 * from the description, and the declared input size of the classifier.
 */
export function networkToOnnx(net: Network, side: number): Uint8Array {
  const g = new OnnxGraph();
  g.input(net.input, [1, 3, side, side]);
  for (const node of net.nodes) exportNode(g, node);
  g.output(net.nodes.at(-1)!.name, [1, 1000]);
  return g.encode();
}
