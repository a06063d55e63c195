import { float, OnnxGraph } from '../../src/dream/onnx/onnx-graph.js';
import { onnxModelProto } from '../../src/dream/onnx/onnx-schema.js';
import { seededRandom } from '../../src/dream/random.js';

/** The tensors of everyOnnxOpModel that tests read, by module path. */
export const EVERY_OP_OUTPUTS = ['norm', 'stem', 'block', 'pool', 'b1', 'b2', 'b3', 'mixed', 'classifier'] as const;

/**
 * A small ONNX model, written the way PyTorch writes one (module scopes in node names,
 * weights fed through Identity, BatchNormalization after convolutions, a classifier head),
 * using every operator the importer covers. Graph outputs name the tensor each module
 * returns (`outputs`), so ONNX Runtime can run the file itself as the reference.
 */
// eslint-disable-next-line max-lines-per-function -- a table of one small ONNX node per operator, laid out one per line by the formatter
export function everyOnnxOpModel(
  side: number,
  options: { dynamic?: boolean; opset?: number; withoutHead?: boolean } = {},
): { bytes: Uint8Array; outputs: Record<string, string> } {
  // Its own seed: every call writes the same weights.
  const random = seededRandom(99);
  const randomArray = (n: number, scale: number): Float32Array => Float32Array.from({ length: n }, () => (random() * 2 - 1) * scale);
  const positive = (n: number): Float32Array => Float32Array.from(randomArray(n, 0.5), (v) => 1 + v);
  const g = new OnnxGraph();
  const outputs: Record<string, string> = {};
  const at = (scope: string): void => void (g.scope = scope);
  g.input('image', [1, 3, side, side]);
  at('/norm/');
  const n1 = g.op('Sub', ['image', g.floats([1, 3, 1, 1], Float32Array.of(0.4, 0.5, 0.6))]);
  outputs.norm = g.op('Div', [n1, g.floats([1, 3, 1, 1], Float32Array.of(0.2, 0.25, 0.3))]);
  at('/stem/');
  const w1 = g.op('Identity', [g.floats([4, 3, 3, 3], randomArray(108, 0.3))]);
  const c1 = g.op('Conv', [outputs.norm, w1, g.floats([4], randomArray(4, 0.1))], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] });
  const bn = (x: string, c: number): string =>
    g.op(
      'BatchNormalization',
      [x, g.floats([c], positive(c)), g.floats([c], randomArray(c, 0.2)), g.floats([c], randomArray(c, 0.2)), g.floats([c], positive(c))],
      { epsilon: float(1e-3) },
    );
  outputs.stem = g.op('Relu', [bn(c1, 4)]);
  at('/block/');
  const c2 = g.op('Conv', [outputs.stem, g.floats([4, 1, 3, 3], randomArray(36, 0.5))], {
    kernel_shape: [3, 3],
    group: 4,
    dilations: [2, 2],
    pads: [2, 2, 2, 2],
  });
  const leaky = g.op('LeakyRelu', [bn(c2, 4)], { alpha: float(0.1) });
  outputs.block = g.op('Add', [leaky, c2]);
  at('/pool/');
  const mp = g.op('MaxPool', [outputs.block], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], ceil_mode: 1 });
  outputs.pool = g.op('LRN', [mp], { size: 3, alpha: float(0.01), beta: float(0.75), bias: float(2) });
  at('/mixed/b1/');
  const c3 = g.op('Conv', [outputs.pool, g.floats([4, 4, 3, 3], randomArray(144, 0.3)), g.floats([4], randomArray(4, 0.5))], {
    kernel_shape: [3, 3],
    strides: [2, 2],
    auto_pad: 'SAME_UPPER',
  });
  outputs.b1 = g.op('Clip', [c3, g.scalar(0), g.scalar(6)]);
  at('/mixed/b2/');
  const ap = g.op('AveragePool', [outputs.pool], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], count_include_pad: 0 });
  outputs.b2 = g.op('Sigmoid', [ap]);
  at('/mixed/b3/');
  const ap2 = g.op('AveragePool', [outputs.pool], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], count_include_pad: 1 });
  const padded = g.op('Pad', [ap2, g.ints([0, 0, 1, 1, 0, 0, 1, 1])]);
  outputs.b3 = g.op('Conv', [padded, g.floats([2, 4, 3, 3], randomArray(72, 0.3))], { kernel_shape: [3, 3] });
  at('/mixed/');
  const cat = g.op('Concat', [outputs.b1, outputs.b2, outputs.b3], { axis: 1 });
  outputs.mixed = g.op('Mul', [cat, g.op('Constant', [], {})]);
  at('/classifier/');
  const flat = g.op('Flatten', [g.op('GlobalAveragePool', [outputs.mixed])], { axis: 1 });
  const gemm = g.op('Dropout', [g.op('Gemm', [flat, g.floats([5, 10], randomArray(50, 0.5)), g.floats([5], randomArray(5, 0.1))], { transB: 1 })]);
  const logits = g.op('Add', [g.op('MatMul', [gemm, g.floats([5, 3], randomArray(15, 0.5))]), g.floats([3], randomArray(3, 0.1))]);
  outputs.classifier = g.op('Softmax', [logits], { axis: 1 });
  at('/aux/');
  // A head fixed to the declared size: it must not fix the size anything else is dreamed at.
  const pooledSide = Math.ceil((side - 1) / 2) + 1; // 3x3, stride 2, pad 1, ceil mode
  outputs.aux = g.op('Gemm', [g.op('Flatten', [outputs.pool]), g.floats([2, 4 * pooledSide * pooledSide], randomArray(8 * pooledSide * pooledSide, 0.1))], {
    transB: 1,
  });
  at('/odd/');
  outputs.odd = g.op('Relu', [g.op('Erf', [outputs.mixed])]);
  for (const name of Object.values(outputs)) g.output(name, []);
  return { bytes: finish(g.encode(), options), outputs };
}

/** The Constant node's value (a scalar 0.5) and, for a dynamic model, symbolic input sizes; outputs carry no shapes. */
function finish(bytes: Uint8Array, options: { dynamic?: boolean; opset?: number; withoutHead?: boolean }): Uint8Array {
  const Model = onnxModelProto();
  const model = Model.toObject(Model.decode(bytes), { longs: Number, bytes: Array }) as {
    opset_import: { version: number }[];
    graph: {
      node: { name: string; op_type: string; attribute?: object[] }[];
      input: { type: { tensor_type: { shape: { dim: object[] } } } }[];
      output: { type?: object }[];
    };
  };
  if (options.withoutHead) {
    model.graph.node = model.graph.node.filter((n) => !n.name.startsWith('/aux/'));
    model.graph.output = model.graph.output.filter((o) => !(o as { name: string }).name.startsWith('/aux/'));
  }
  for (const node of model.graph.node) {
    if (node.op_type === 'Constant')
      node.attribute = [{ name: 'value', type: 4, t: { dims: [], data_type: 1, raw_data: [...new Uint8Array(Float32Array.of(0.5).buffer)] } }];
  }
  if (options.dynamic) model.graph.input[0]!.type.tensor_type.shape.dim = [{ dim_value: 1 }, { dim_value: 3 }, { dim_param: 'height' }, { dim_param: 'width' }];
  for (const o of model.graph.output) delete o.type;
  if (options.opset) model.opset_import[0]!.version = options.opset;
  return Model.encode(Model.fromObject(model)).finish();
}
