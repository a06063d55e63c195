import type { Network } from './graph.js';

function allFinite(data: Float32Array): boolean {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i]!)) return false;
  return true;
}

/** The first layer whose weights or biases hold NaN or infinity (a corrupt file), if any. */
export function firstNonFiniteLayer(net: Network): string | undefined {
  for (const node of net.nodes) {
    const op = node.op;
    if ((op.kind === 'conv' || op.kind === 'dense') && !(allFinite(op.weight) && allFinite(op.bias))) return node.name;
  }
  return undefined;
}
