import { onnxModelProto } from '../../onnx/onnx-schema.js';

/**
 * ONNX Runtime's WebGPU provider has no kernels for some ops the generated graph uses (its
 * kernel registry, onnxruntime/core/providers/webgpu/webgpu_execution_provider.cc): Sum, And,
 * ScatterElements. Each such node would run on the CPU with two transfers per step, so the
 * graph is rewritten with ops it has, computing the same numbers:
 * - Sum(a, b, c) -> Add(Add(a, b), c)
 * - Cast(And(p, q), to float) -> Mul(Cast(p), Cast(q))   (the clipped-ReLU gradient mask)
 * - MaxPool 1x1, stride 1, no pads -> Identity   (a CPU layout trick, see ops/layout.ts)
 * ScatterElements (max-pool gradients by indices, only for pools the mask route cannot take)
 * is left alone and reported by `unsupportedOps`.
 */

interface Attr {
  name: string;
  type?: number;
  i?: number | { toNumber(): number };
  ints?: (number | { toNumber(): number })[];
}
interface Node {
  op_type: string;
  input: string[];
  output: string[];
  name?: string;
  attribute?: Attr[];
}

/** Op types the WebGPU provider registers (ONNX domain, as of onnxruntime 1.2x-1.30), for the ops dreamreel emits. */
export const WEBGPU_OPS: ReadonlySet<string> = new Set([
  'Add',
  'AveragePool',
  'BatchNormalization',
  'Cast',
  'Clip',
  'Concat',
  'Conv',
  'DepthToSpace',
  'ConvTranspose',
  'Div',
  'Flatten',
  'Gather',
  'Gemm',
  'Greater',
  'Identity',
  'Less',
  'MatMul',
  'MaxPool',
  'Mul',
  'Pad',
  'Pow',
  'ReduceSum',
  'Relu',
  'Reshape',
  'Slice',
  'Softmax',
  'Split',
  'Sqrt',
  'Sub',
  'Tanh',
  'Transpose',
  'Where',
  'Tile',
  'Expand',
  'Sigmoid',
  'Exp',
  'Log',
  'Neg',
  'Abs',
]);

const num = (v: number | { toNumber(): number } | undefined): number | undefined => (v === undefined ? undefined : typeof v === 'number' ? v : v.toNumber());
const attr = (n: Node, name: string): Attr | undefined => n.attribute?.find((a) => a.name === name);
const ints = (n: Node, name: string): number[] | undefined => attr(n, name)?.ints?.map((v) => num(v)!);

function isIdentityPool(n: Node): boolean {
  if (n.op_type !== 'MaxPool' || n.output.length !== 1) return false;
  const k = ints(n, 'kernel_shape');
  const s = ints(n, 'strides');
  const p = ints(n, 'pads');
  return k?.join() === '1,1' && (!s || s.every((v) => v === 1)) && (!p || p.every((v) => v === 0));
}

/** Rewrites a node list in order; names of new tensors are derived from the node's output. */
export function rewriteNodesForWebGpu(nodes: readonly Node[]): Node[] {
  const consumers = new Map<string, Node[]>();
  for (const n of nodes) for (const i of n.input) (consumers.get(i) ?? consumers.set(i, []).get(i)!).push(n);
  const castToFloat = (n: Node): boolean => n.op_type === 'Cast' && num(attr(n, 'to')?.i) === 1;
  const folded = new Set<Node>();
  const out: Node[] = [];
  for (const n of nodes) {
    if (folded.has(n)) continue;
    if (n.op_type === 'Sum' && n.input.length > 1) {
      let acc = n.input[0]!;
      n.input.slice(1).forEach((x, k) => {
        const last = k === n.input.length - 2;
        const y = last ? n.output[0]! : `${n.output[0]}:sum${k}`;
        out.push({ op_type: 'Add', input: [acc, x], output: [y], name: `${n.name ?? y}:add${k}` });
        acc = y;
      });
    } else if (n.op_type === 'And' && consumers.get(n.output[0]!)?.length === 1 && castToFloat(consumers.get(n.output[0]!)![0]!)) {
      const cast = consumers.get(n.output[0]!)![0]!;
      folded.add(cast);
      const [p, q] = n.input.map((x, k) => {
        const y = `${n.output[0]}:f${k}`;
        out.push({ op_type: 'Cast', input: [x], output: [y], name: `${n.name ?? y}:cast${k}`, attribute: [{ name: 'to', type: 2, i: 1 }] });
        return y;
      });
      out.push({ op_type: 'Mul', input: [p!, q!], output: cast.output, name: `${n.name ?? cast.output[0]}:and` });
    } else if (isIdentityPool(n)) {
      out.push({ op_type: 'Identity', input: [n.input[0]!], output: n.output, name: n.name ?? n.output[0]! });
    } else {
      out.push(n);
    }
  }
  return out;
}

/** The model's bytes with the rewrites above. */
export function rewriteForWebGpu(bytes: Uint8Array): Uint8Array {
  const Model = onnxModelProto();
  const model = Model.toObject(Model.decode(bytes), { longs: Number, bytes: Buffer }) as { graph: { node: Node[] } };
  model.graph.node = rewriteNodesForWebGpu(model.graph.node);
  return Model.encode(Model.fromObject(model)).finish();
}

/** Op types in a model, with counts, that the WebGPU provider has no kernel for. */
export function unsupportedOps(bytes: Uint8Array): Map<string, number> {
  const Model = onnxModelProto();
  const model = Model.toObject(Model.decode(bytes)) as { graph: { node: Node[] } };
  const missing = new Map<string, number>();
  for (const n of model.graph.node) {
    // The WebGPU MaxPool kernel writes no argmax indices output.
    const type = n.op_type === 'MaxPool' && n.output.length > 1 ? 'MaxPool(indices)' : n.op_type;
    if (!WEBGPU_OPS.has(type)) missing.set(type, (missing.get(type) ?? 0) + 1);
  }
  return missing;
}

/** Op types in a model with counts, for the census script. */
export function opCounts(bytes: Uint8Array): Map<string, number> {
  const Model = onnxModelProto();
  const model = Model.toObject(Model.decode(bytes)) as { graph: { node: Node[] } };
  const counts = new Map<string, number>();
  for (const n of model.graph.node) counts.set(n.op_type, (counts.get(n.op_type) ?? 0) + 1);
  return counts;
}
