import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** A TensorFlow.js layers model as tfjs's own ModelArtifacts: topology, weight specs, one weight buffer. */
export interface TfjsArtifacts {
  readonly modelTopology: { model_config?: KerasConfig; config?: KerasConfig['config']; class_name?: string };
  readonly weightSpecs: readonly WeightSpec[];
  readonly weightData: ArrayBuffer;
}
export interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
}
export interface KerasConfig {
  readonly class_name: string;
  readonly config: { readonly layers: readonly KerasLayer[]; readonly name?: string };
}
export interface KerasLayer {
  readonly class_name: string;
  readonly name: string;
  readonly config: Record<string, unknown>;
  readonly inbound_nodes: readonly (readonly (readonly [string, number, number, unknown?])[])[];
}
interface ModelJson {
  modelTopology: TfjsArtifacts['modelTopology'];
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}

const isUrl = (location: string): boolean => /^https?:\/\//.test(location);

async function readBytes(location: string): Promise<Uint8Array> {
  if (!isUrl(location)) return new Uint8Array(await readFile(location));
  const response = await fetch(location);
  if (!response.ok) throw new Error(`GET ${location} answered ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Reads model.json and its shards from a folder path or a URL (tfjs's IO handler contract,
 * without tfjs-node's file://): the shards of every manifest group concatenated in order.
 */
export async function readTfjsArtifacts(modelJsonLocation: string): Promise<TfjsArtifacts> {
  const json = JSON.parse(new TextDecoder().decode(await readBytes(modelJsonLocation))) as ModelJson;
  const base = isUrl(modelJsonLocation) ? modelJsonLocation.slice(0, modelJsonLocation.lastIndexOf('/') + 1) : dirname(modelJsonLocation);
  const shards: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    for (const path of group.paths) shards.push(await readBytes(isUrl(base) ? base + path : join(base, path)));
  }
  const total = shards.reduce((n, s) => n + s.byteLength, 0);
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const s of shards) {
    weightData.set(s, offset);
    offset += s.byteLength;
  }
  return { modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData: weightData.buffer };
}
