import type { NetNode } from './graph.js';

/**
 * Tensors whose values are >= 0 and whose zeros are ReLU zeros: ReLU outputs, and what max
 * or average pooling, LRN, concatenation, zero padding and sums make of nothing else. A
 * gradient that reaches such a zero is discarded by the ReLU behind it, which lets engines
 * route max-pool gradients among tied zeros any way they like.
 */
export function reluGatedTensors(nodes: readonly NetNode[]): Set<string> {
  const gated = new Set<string>();
  for (const node of nodes) {
    const kind = node.op.kind;
    const keepsGating = kind === 'maxPool' || kind === 'avgPool' || kind === 'lrn' || kind === 'concat' || kind === 'pad' || kind === 'add';
    if (kind === 'relu' || (keepsGating && node.inputs.every((i) => gated.has(i)))) gated.add(node.name);
  }
  return gated;
}
