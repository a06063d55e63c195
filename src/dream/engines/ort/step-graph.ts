import type { Network } from '../../network/graph.js';
import { buildGradientGraph, GRADIENT_OUTPUT, IMAGE_INPUT, scaleInput, shiftInput } from './gradient-graph.js';
import { OnnxGraph } from '../../onnx/onnx-graph.js';
import { ONNX_INT64, onnxModelProto } from '../../onnx/onnx-schema.js';

/** Names of the fused step graph's inputs and outputs. */
export const STEP = {
  image: IMAGE_INPUT,
  rows: 'step:rows',
  /** The column reorder: an index per column where steps flip, else a roll's two runs (columnRuns), inputs `${cols}:${RUN_PARTS[i]}`. */
  cols: 'step:cols',
  rowsBack: 'step:rows_back',
  colsBack: 'step:cols_back',
  kernel: 'step:blur_kernel',
  stepSize: 'step:step_size',
  newImage: 'step:new_image',
  loss: 'step:loss',
} as const;
const VIEW = 'step:view';

/** The bounds of a roll's two runs, each its own int64 input: GPU providers read Slice bounds from inputs, not computed tensors. */
export const RUN_PARTS = ['start_a', 'end_a', 'start_b', 'end_b'] as const;

/** The graph inputs that carry a column reorder (see STEP.cols). */
export const columnInputs = (name: string, flips: boolean): string[] => (flips ? [name] : RUN_PARTS.map((part) => `${name}:${part}`));

export interface StepGraphPlan {
  readonly network: Network;
  readonly layers: readonly string[];
  readonly height: number;
  readonly width: number;
  readonly normalise: 'meanAbs' | 'std';
  readonly blurRadius: number;
  readonly flips: boolean;
}

/** The fields of the decoded protobuf messages (onnx.proto) that the step graph rewrites. */
interface NodeProto {
  input: string[];
  output: string[];
  op_type: string;
}
interface TensorProto {
  name: string;
}
interface ValueInfoProto {
  name: string;
  type: { tensor_type: { elem_type: number } };
}
interface Graph {
  node: NodeProto[];
  initializer: TensorProto[];
  input: ValueInfoProto[];
  output: ValueInfoProto[];
}

/**
 * One dream step as one ONNX graph, wrapped around the forward + input-gradient graph:
 * image -> reorder rows and columns (the jitter roll and flip: index inputs, a roll's columns as two runs) -> network ->
 * gradient -> reorder back -> Gaussian blur (two depthwise 1-D convolutions whose kernel is an
 * input, so the blur schedule needs no new session) -> normalise -> image + step·gradient,
 * clamped to [0, 1]; and the loss. The objective must have linear seeds.
 */
export function buildStepGraph(plan: StepGraphPlan): Uint8Array {
  const Model = onnxModelProto();
  // The picture stays planar in the network's channel order from step to step: no transposes or channel swaps.
  const model = Model.decode(buildGradientGraph({ ...plan, mode: 'linear', imageLayout: 'network' }).bytes) as unknown as { graph: Graph };
  const core = model.graph;
  for (const node of core.node) node.input = node.input.map((n) => (n === IMAGE_INPUT ? VIEW : n));
  const last = core.node.findIndex((n) => n.output[0] === GRADIENT_OUTPUT);
  if (core.node[last]?.op_type !== 'Identity') throw new Error('the gradient graph no longer ends in an Identity naming the gradient');
  const [named] = core.node.splice(last, 1);
  const before = decodeGraph(prologue(plan), 'step:in:');
  const after = decodeGraph(epilogue(plan, named!.input[0]!), 'step:out:');
  core.node = [...before.node, ...core.node, ...after.node];
  core.initializer = [...core.initializer, ...before.initializer, ...after.initializer];
  core.input = [...before.input, ...core.input.filter((i) => i.name !== IMAGE_INPUT), ...after.input];
  core.output = after.output;
  const indices: readonly string[] = [STEP.rows, STEP.rowsBack, ...columnInputs(STEP.cols, plan.flips), ...columnInputs(STEP.colsBack, plan.flips)];
  for (const input of core.input) if (indices.includes(input.name)) input.type.tensor_type.elem_type = ONNX_INT64;
  return Model.encode(model).finish();
}

/** A part graph's nodes and initializers, its own constants renamed apart from the core graph's. */
function decodeGraph(part: OnnxGraph, prefix: string): Graph {
  const graph = (onnxModelProto().decode(part.encode()) as unknown as { graph: Graph }).graph;
  const own = new Set(graph.initializer.map((t) => t.name));
  const rename = (n: string): string => (own.has(n) ? prefix + n : n);
  for (const t of graph.initializer) t.name = rename(t.name);
  for (const node of graph.node) node.input = node.input.map(rename);
  return graph;
}

/** image -> the transformed view the network sees. */
function prologue({ height, width, flips }: StepGraphPlan): OnnxGraph {
  const g = new OnnxGraph();
  g.scope = 'step:in:';
  g.input(STEP.image, [1, 3, height, width]);
  g.input(STEP.rows, [height]);
  g.op('Identity', [reorderColumns(g, g.op('Gather', [STEP.image, STEP.rows], { axis: 2 }), STEP.cols, [1, 3, height, width], flips)], {}, VIEW);
  return g;
}

/**
 * x with its columns reordered (declaring the inputs that say how). A roll is two runs of each
 * row (columnRuns): two Slices and a Concat copy them whole, where a Gather along the last axis
 * copies element by element (1.5 ms a step at 512x512, each way). Steps that may flip keep the
 * Gather: ONNX Runtime's WebGPU Slice reads a negative-step run from the wrong end.
 */
export function reorderColumns(g: OnnxGraph, x: string, name: string, shape: readonly number[], flips: boolean): string {
  if (flips) {
    g.input(name, [shape[3]!]);
    return g.op('Gather', [x, name], { axis: 3 });
  }
  const [startA, endA, startB, endB] = columnInputs(name, false);
  for (const input of [startA, endA, startB, endB]) g.input(input!, [1]);
  const [axis, step] = [g.ints([3]), g.ints([1])];
  const slice = (start: string, end: string): string => g.op('Slice', [x, start, end, axis, step]);
  // The slices' sizes depend on inputs: a Reshape to the shape it always has gives the graph
  // after it static shapes again (without them ONNX Runtime kept 5x more tensors out of its blocked layout).
  return g.op('Reshape', [g.op('Concat', [slice(startA!, endA!), slice(startB!, endB!)], { axis: 3 }), g.ints(shape)]);
}

/** Gradient of the view (NCHW) -> the next image, and the loss. */
function epilogue(plan: StepGraphPlan, gradient: string): OnnxGraph {
  const { height, width, blurRadius: r } = plan;
  const g = new OnnxGraph();
  g.scope = 'step:out:';
  g.input(STEP.rowsBack, [height]);
  g.input(STEP.kernel, [2 * r + 1]);
  g.input(STEP.stepSize, []);
  const back = reorderColumns(g, g.op('Gather', [gradient, STEP.rowsBack], { axis: 2 }), STEP.colsBack, [1, 3, height, width], plan.flips);
  const blurred = blur(g, back, r);
  const factor = g.op('Mul', [STEP.stepSize, normaliser(g, blurred, plan.normalise)]);
  const moved = g.op('Add', [STEP.image, g.op('Mul', [blurred, factor])]);
  g.op('Clip', [moved, g.scalar(0), g.scalar(1)], {}, STEP.newImage);
  g.output(STEP.newImage, [1, 3, height, width]);
  g.op('Identity', [loss(g, plan.layers)], {}, STEP.loss);
  g.output(STEP.loss, []);
  return g;
}

/** gaussianBlur: rows then columns, edges clamped, on NCHW. */
function blur(g: OnnxGraph, x: string, r: number): string {
  const taps = 2 * r + 1;
  const row = g.op('Concat', Array(3).fill(g.op('Reshape', [STEP.kernel, g.ints([1, 1, 1, taps])])), { axis: 0 });
  const column = g.op('Reshape', [row, g.ints([3, 1, taps, 1])]);
  const alongRows = g.op('Conv', [g.op('Pad', [x, g.ints([0, 0, 0, r, 0, 0, 0, r])], { mode: 'edge' }), row], { group: 3, kernel_shape: [1, taps] });
  return g.op('Conv', [g.op('Pad', [alongRows, g.ints([0, 0, r, 0, 0, 0, r, 0])], { mode: 'edge' }), column], { group: 3, kernel_shape: [taps, 1] });
}

/** 1 / (mean |g| + 1e-8), or 1 / (std g + 1e-8), as a scalar (normaliseMeanAbs, normaliseStd). */
function normaliser(g: OnnxGraph, x: string, mode: StepGraphPlan['normalise']): string {
  const all = { keepdims: 0 };
  const spread =
    mode === 'meanAbs'
      ? g.op('ReduceMean', [g.op('Abs', [x])], all)
      : g.op('Sqrt', [g.op('ReduceMean', [sq(g, g.op('Sub', [x, g.op('ReduceMean', [x], all)]))], all)]);
  return g.op('Reciprocal', [g.op('Add', [spread, g.scalar(1e-8)])]);
}

const sq = (g: OnnxGraph, x: string): string => g.op('Mul', [x, x]);

/** A linear seed a·scale + shift is the gradient of Σ a·(½·scale·a + shift): the terms' losses (mean, mean of squares). */
function loss(g: OnnxGraph, layers: readonly string[]): string {
  const terms = layers.map((layer) => {
    const half = g.op('Mul', [scaleInput(layer), g.scalar(0.5)]);
    return g.op('ReduceSum', [g.op('Mul', [layer, g.op('Add', [g.op('Mul', [layer, half]), shiftInput(layer)])])], { keepdims: 0 });
  });
  return terms.reduce((sum, t) => g.op('Add', [sum, t]));
}
