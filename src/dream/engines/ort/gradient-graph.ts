import type { NetNode, Network, Shape } from '../../network/graph.js';
import { ancestorsOf } from '../../network/graph.js';
import { reluGatedTensors } from '../../network/relu-gated.js';
import { inferShapes } from '../../network/shapes.js';
import { onnxRuleFor } from '../../ops/onnx-rules.js';
import { OnnxGraph } from '../../onnx/onnx-graph.js';

/**
 * forward: activations only. linear: seeds built in-graph as a * scale + shift (one pass).
 * seeded: seeds fed in from outside (after a forward pass), for objectives such as guides.
 */
export type GraphMode = 'forward' | 'linear' | 'seeded';

export interface GraphPlan {
  readonly network: Network;
  readonly layers: readonly string[];
  readonly height: number;
  readonly width: number;
  readonly mode: GraphMode;
  /**
   * The image and its gradient: RGB [0,1] NHWC (the default, as RgbImage holds it), or planar
   * [1, 3, H, W] in the network's own channel order, as the fused step keeps its picture (no
   * transposes or channel swaps in every step).
   */
  readonly imageLayout?: 'nhwc' | 'network';
}

export const IMAGE_INPUT = 'image';
export const GRADIENT_OUTPUT = 'image_gradient';
export const scaleInput = (layer: string): string => `${layer}:seed_scale`;
export const shiftInput = (layer: string): string => `${layer}:seed_shift`;
export const seedInput = (layer: string): string => `${layer}:seed`;

export interface BuiltGraph {
  readonly bytes: Uint8Array;
  readonly shapes: ReadonlyMap<string, Shape>;
}

type RuleArgs = (node: NetNode) => {
  g: OnnxGraph;
  node: NetNode;
  inputs: readonly string[];
  inShapes: Shape[];
  outShape: Shape;
  output: string;
  reluGated: boolean[];
};

/** Image input (RGB [0,1] NHWC) -> the network's preprocessing -> its input tensor; returns what the gradient must undo. */
function emitPreprocess(g: OnnxGraph, plan: GraphPlan): { preScale: string; channelOrder: string | undefined } {
  const { network: net, height, width } = plan;
  const pre = net.preprocess;
  const nhwc = plan.imageLayout !== 'network';
  const channelOrder = nhwc && pre.channelOrder === 'BGR' ? g.ints([2, 1, 0]) : undefined;
  const preScale = g.floats([1, 3, 1, 1], Float32Array.from(pre.scale));
  g.input(IMAGE_INPUT, nhwc ? [1, height, width, 3] : [1, 3, height, width]);
  let x = nhwc ? g.op('Transpose', [IMAGE_INPUT], { perm: [0, 3, 1, 2] }) : IMAGE_INPUT;
  if (channelOrder) x = g.op('Gather', [x, channelOrder], { axis: 1 });
  g.op('Add', [g.op('Mul', [x, preScale]), g.floats([1, 3, 1, 1], Float32Array.from(pre.offset))], {}, net.input);
  return { preScale, channelOrder };
}

/** Gradients flowing into each tensor, summed when asked for. */
class GradientSums {
  private readonly parts = new Map<string, string[]>();
  constructor(private readonly g: OnnxGraph) {}
  add(name: string, grad: string): void {
    (this.parts.get(name) ?? this.parts.set(name, []).get(name)!).push(grad);
  }
  total(name: string): string | undefined {
    const parts = this.parts.get(name);
    if (!parts) return undefined;
    // Pairwise Adds rather than one Sum: ONNX Runtime folds each into the convolution that
    // produced one of its inputs (accumulating in place), which a many-input Sum prevents.
    // Convolutions' gradients first, so they are summed in the blocked layout they share.
    const convsFirst = [...parts].sort((a, b) => Number(this.g.producerOf(b) === 'Conv') - Number(this.g.producerOf(a) === 'Conv'));
    return convsFirst.reduce((sum, part) => this.g.op('Add', [sum, part]));
  }
}

/** The objective's seeds, d objective / d layer: built in-graph as a * scale + shift (linear), or fed in (seeded). */
function seedLayers(g: OnnxGraph, plan: GraphPlan, shapes: ReadonlyMap<string, Shape>, grads: GradientSums): void {
  for (const layer of plan.layers) {
    const [c, h, w] = shapes.get(layer)!;
    if (plan.mode === 'linear') {
      const scale = g.input(scaleInput(layer), [1, c, 1, 1]);
      const shift = g.input(shiftInput(layer), [1, c, 1, 1]);
      grads.add(layer, g.op('Add', [g.op('Mul', [layer, scale]), shift]));
    } else {
      grads.add(layer, g.input(seedInput(layer), [1, c, h, w]));
    }
  }
}

/** The reverse pass, op by op from each op's registered backward rule, back to the network's input. */
function emitBackward(
  g: OnnxGraph,
  nodes: readonly NetNode[],
  shapes: ReadonlyMap<string, Shape>,
  ruleArgs: RuleArgs,
  saved: ReadonlyMap<string, Record<string, string>>,
  grads: GradientSums,
): void {
  const concats = new Map(nodes.filter((n) => n.op.kind === 'concat').map((n) => [n.name, n]));
  for (const node of [...nodes].reverse()) {
    const dy = grads.total(node.name);
    if (!dy) continue;
    const inputParts = node.inputs.map((i) => concats.get(i)?.inputs.map((part) => shapes.get(part)![0]));
    g.scope = `${node.name}:backward:`;
    const dxs = onnxRuleFor(node).backward({ ...ruleArgs(node), saved: saved.get(node.name) ?? {}, dy, inputParts });
    dxs.forEach((dx, i) => {
      if (typeof dx === 'string') grads.add(node.inputs[i]!, dx);
      // Part by part: straight to the Concat's inputs.
      else dx?.forEach((part, k) => grads.add(concats.get(node.inputs[i]!)!.inputs[k]!, part));
    });
  }
}

/**
 * Emits an ONNX model: RGB [0,1] NHWC image -> preprocessing -> the layers the objective
 * reads, and (unless forward-only) the reverse pass back to d objective / d image, op by op
 * from each op's registered backward rule.
 */
export function buildGradientGraph(plan: GraphPlan): BuiltGraph {
  const { network: net, layers, height, width, mode } = plan;
  const nodes = ancestorsOf(net, layers);
  const shapes = inferShapes(net, height, width, nodes);
  const g = new OnnxGraph();
  const { preScale, channelOrder } = emitPreprocess(g, plan);
  const gated = reluGatedTensors(nodes);
  const ruleArgs: RuleArgs = (node) => ({
    g,
    node,
    inputs: node.inputs,
    inShapes: node.inputs.map((i) => shapes.get(i)!),
    outShape: shapes.get(node.name)!,
    output: node.name,
    reluGated: node.inputs.map((i) => gated.has(i)),
  });
  const withGrad = mode !== 'forward';
  const saved = new Map<string, Record<string, string>>();
  for (const node of nodes) {
    g.scope = `${node.name}:forward:`;
    const result = onnxRuleFor(node).forward({ ...ruleArgs(node), withGrad });
    if (result.saved) saved.set(node.name, result.saved);
  }
  for (const layer of layers) g.output(layer, [1, ...shapes.get(layer)!]);
  if (!withGrad) return { bytes: g.encode(), shapes };

  const grads = new GradientSums(g);
  seedLayers(g, plan, shapes, grads);
  emitBackward(g, nodes, shapes, ruleArgs, saved, grads);
  const dx = grads.total(net.input);
  if (!dx) throw new Error(`no gradient reaches the input from ${layers.join(', ')}`);
  emitImageGradient(g, plan, g.op('Mul', [dx, preScale]), channelOrder);
  return { bytes: g.encode(), shapes };
}

/** d objective / d network input -> the gradient of the image, in the image's layout (undoing emitPreprocess). */
function emitImageGradient(g: OnnxGraph, { imageLayout, height, width }: GraphPlan, dx: string, channelOrder: string | undefined): void {
  if (imageLayout === 'network') {
    g.op('Identity', [dx], {}, GRADIENT_OUTPUT);
    g.output(GRADIENT_OUTPUT, [1, 3, height, width]);
    return;
  }
  const ordered = channelOrder ? g.op('Gather', [dx, channelOrder], { axis: 1 }) : dx;
  g.op('Transpose', [ordered], { perm: [0, 2, 3, 1] }, GRADIENT_OUTPUT);
  g.output(GRADIENT_OUTPUT, [1, height, width, 3]);
}
