import type { Network } from '../dream/network/graph.js';
import { shapesWhereDefined } from '../dream/network/shapes.js';

/** `models layers`: module paths (what ONNX users name) first, then every node; shapes at side x side. */
export function layerListing(net: Network, side: number): string {
  const shapes = shapesWhereDefined(net, side, side);
  const kinds = new Map(net.nodes.map((n) => [n.name, n.op.kind]));
  const line = (label: string, node: string): string => {
    const s = shapes.get(node);
    const mark = net.suggestedLayers.includes(node) ? '  *' : '';
    const shape = s ? `${s[0]} channels, ${s[2]}x${s[1]}` : `(not at ${side}x${side})`;
    return `${label.padEnd(44)} ${kinds.get(node)!.padEnd(13)} ${shape}${mark}\n`;
  };
  const paths = net.modulePaths ?? [];
  const byPath = paths.map((p) => line(p, net.aliases?.get(p) ?? p)).join('');
  const all = net.nodes.map((n) => line(n.name, n.name)).join('');
  return paths.length ? `module paths:\n${byPath}\nall nodes:\n${all}` : all;
}
