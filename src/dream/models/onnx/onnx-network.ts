import type { Network, Preprocess } from '../../network/graph.js';
import { OnnxBuilder } from './onnx-builder.js';
import { LAYER_OPS, Unsupported, type OnnxHandler } from './onnx-ops.js';
import { attributes, constTensor, decodeOnnxModel, opsetOf, type OnnxNode } from './onnx-proto.js';
import { TENSOR_OPS } from './onnx-tensor-ops.js';
import { TORCH_IMAGENET_PREPROCESS } from '../preprocess.js';
import { modulePaths } from './module-paths.js';

const HANDLERS: Record<string, OnnxHandler> = { ...LAYER_OPS, ...TENSOR_OPS };

export { TORCH_IMAGENET_PREPROCESS };

export interface OnnxNetOptions {
  readonly name: string;
  readonly preprocess?: Preprocess;
  readonly suggestedLayers?: readonly string[];
  /** Folder that external-data files are read from. */
  readonly dir: string;
}

/** The one line a layer that depends on `node` gets. */
function whyNot(node: OnnxNode, detail: string, nearest: string | undefined): string {
  const what = detail === node.op_type ? node.op_type : `${node.op_type}: ${detail}`;
  return `ONNX node "${node.name || node.output?.[0]}" (${what}) cannot run in dreamreel${nearest ? `; the nearest layer that can be dreamed is ${nearest}` : ''}`;
}

/** Turns one node into the builder's terms, or records why its outputs cannot be had. */
function importNode(b: OnnxBuilder, node: OnnxNode, opset: number): void {
  const outputs = (node.output ?? []).filter(Boolean);
  const blocked = (node.input ?? []).find((i) => b.unavailable.has(i));
  if (blocked) return outputs.forEach((o) => b.unavailable.set(o, b.unavailable.get(blocked)!));
  const name = node.name && !b.has(node.name) && !b.consts.has(node.name) ? node.name : outputs[0]!;
  const ins = (node.input ?? []).map((i) => (i ? b.resolve(i) : ''));
  try {
    const handler = node.domain && node.domain !== 'ai.onnx' ? undefined : HANDLERS[node.op_type];
    if (!handler) throw new Unsupported(node.op_type);
    const op = handler({ node, name, attr: attributes(node), ins, b, opset });
    if (op)
      b.add(
        name,
        ins.filter((i) => i && !b.consts.has(i)),
        op,
      );
    if (op?.kind === 'dense' || op?.kind === 'softmax') b.flat.add(name);
    const made = b.consts.has(name) ? b.consts.get(name)! : undefined;
    if (made) outputs.forEach((o) => b.consts.set(o, made));
    else if (b.has(name) && outputs[0] !== name) b.alias(outputs[0]!, name);
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    const input = ins.find((i) => i && b.has(i) && !b.consts.has(i));
    const reason = whyNot(node, e.message, input ?? b.nodes.at(-1)?.name);
    [node.name, ...outputs].forEach((o) => o && b.unavailable.set(o, reason));
  }
}

/**
 * An ONNX model (torch.onnx.export, tf2onnx, the model zoo) as the engine-free network.
 * Nodes are named by their ONNX node names; output tensor names and PyTorch module paths
 * (`layer3`, `features.22`, `Mixed_6d`) are aliases. The declared input shape is ignored:
 * every layer that can be dreamed works at any size, and a classifier fixed to its training
 * size matters only when a class is dreamed.
 */
export function onnxNetwork(bytes: Uint8Array, options: OnnxNetOptions): Network {
  const model = decodeOnnxModel(bytes);
  const graph = model.graph;
  const nodes = graph.node ?? [];
  const b = new OnnxBuilder(options.dir, nodes);
  for (const t of graph.initializer ?? []) b.consts.set(t.name!, constTensor(t, options.dir));
  const input = (graph.input ?? []).find((i) => !b.consts.has(i.name));
  if (!input) throw new Error('the ONNX graph has no image input');
  // Under a name of its own: an engine may call its raw pixels "image", as models often call their input.
  b.setInput(`onnx:${input.name}`);
  b.alias(input.name, `onnx:${input.name}`);
  const opset = opsetOf(model);
  for (const node of nodes) importNode(b, node, opset);
  // Without a Softmax, a dense graph output holds the class logits.
  const out = b.resolve(graph.output?.[0]?.name ?? '');
  if (!b.logits && b.nodes.find((n) => n.name === out)?.op.kind === 'dense') b.logits = out;
  const paths = modulePaths(nodes, (n) => !b.consts.has(n.output?.[0] ?? '') && (b.has(n.output?.[0] ?? '') || b.unavailable.has(n.output?.[0] ?? '')));
  const unavailable = new Map(b.unavailable);
  for (const [path, tensor] of paths.tensors) {
    if (b.unavailable.has(tensor)) unavailable.set(path, b.unavailable.get(tensor)!);
    else if (!b.has(path) || b.resolve(path) !== path) b.alias(path, tensor);
  }
  const net = b.build({
    name: options.name,
    preprocess: options.preprocess ?? TORCH_IMAGENET_PREPROCESS,
    ...(options.suggestedLayers ? { suggestedLayers: options.suggestedLayers } : {}),
  });
  const inNetwork = new Set(net.nodes.map((n) => n.name));
  const aliases = new Map([...b.aliasEntries()].filter(([from, to]) => from !== to && inNetwork.has(to)));
  return { ...net, aliases, modulePaths: paths.listed.filter((p) => aliases.has(p) || inNetwork.has(p)), unavailable };
}
