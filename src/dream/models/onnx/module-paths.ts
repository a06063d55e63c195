import type { OnnxNode } from './onnx-proto.js';

export interface ModulePaths {
  /** Module path (full, and its last segment where that is unambiguous) -> ONNX tensor of the scope's last node. */
  readonly tensors: ReadonlyMap<string, string>;
  /** Paths to list first: scopes at most two deep, by the position of their last node. */
  readonly listed: readonly string[];
}

/** PyTorch names nodes after their module scope: `/layer3/layer3.5/relu_2/Relu` is in `layer3` and `layer3.5`. */
const scopesOf = (node: OnnxNode): string[] => (node.name ?? '').split('/').filter(Boolean).slice(0, -1);

/**
 * Module paths as PyTorch writes them into node names: each scope stands for the output of
 * the last node inside it (`layer3` is what layer3 returns). `producesFeatures` says which
 * nodes made a feature map rather than a constant.
 */
export function modulePaths(nodes: readonly OnnxNode[], producesFeatures: (node: OnnxNode) => boolean): ModulePaths {
  const last = new Map<string, { tensor: string; index: number }>();
  const parents = new Map<string, Set<string>>();
  nodes.forEach((node, index) => {
    if (!producesFeatures(node)) return;
    const scopes = scopesOf(node);
    scopes.forEach((segment, depth) => {
      const full = scopes.slice(0, depth + 1).join('/');
      last.set(full, { tensor: node.output![0]!, index });
      (parents.get(segment) ?? parents.set(segment, new Set()).get(segment)!).add(full);
    });
  });
  const tensors = new Map<string, string>();
  const shortName = new Map<string, string>();
  for (const [full, { tensor }] of last) {
    tensors.set(full, tensor);
    const segment = full.split('/').at(-1)!;
    if (parents.get(segment)!.size === 1) {
      tensors.set(segment, tensor);
      shortName.set(full, segment);
    }
  }
  const listed = [...last.entries()]
    .filter(([full]) => full.split('/').length <= 2)
    // Ending at the same node, the inner module first: layer1.1, then layer1.
    .sort((a, b) => a[1].index - b[1].index || b[0].split('/').length - a[0].split('/').length)
    .map(([full]) => shortName.get(full) ?? full);
  return { tensors, listed };
}
