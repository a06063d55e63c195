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

const BYTES_PER_VALUE: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, float16: 2 };

/** Bytes a manifest group's weights take, from their shapes and dtypes. */
export function declaredBytes(weights: readonly WeightSpec[]): number {
  return weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1) * (BYTES_PER_VALUE[w.dtype] ?? 4), 0);
}

/** A shard of the wrong length shifts every weight after it: refuse it instead of dreaming garbage. */
function checkShardBytes(group: { paths: string[]; weights: WeightSpec[] }, shards: readonly Uint8Array[]): void {
  const held = shards.reduce((n, s) => n + s.byteLength, 0);
  const expected = declaredBytes(group.weights);
  if (held !== expected)
    throw new Error(
      `shards ${group.paths.join(', ')} hold ${held} bytes but model.json declares ${expected}: the files are incomplete or corrupt, download them again`,
    );
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
    const read = await Promise.all(group.paths.map((path) => readBytes(isUrl(base) ? base + path : join(base, path))));
    checkShardBytes(group, read);
    shards.push(...read);
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
