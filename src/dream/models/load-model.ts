import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DreamreelError } from '../../errors.js';
import type { Network } from '../network/graph.js';
import { firstNonFiniteLayer } from '../network/finite-weights.js';
import { caffeNetwork, type CaffeWeightSource } from './caffe/caffe-network.js';
import { caffemodelWeights } from './caffe/caffemodel.js';
import { caffeWeightFolder } from './caffe/weight-folder.js';
import { isPulled, pullModel, type PullProgress } from './download.js';
import { graphDefNetwork } from './graphdef/graphdef-network.js';
import { modelsDir } from './models-dir.js';
import { REGISTRY, registryEntry, type ModelFormat, type RegistryEntry } from './registry.js';
import { readTfjsArtifacts } from './tfjs-artifacts.js';
import { tfjsLayersNetwork } from './tfjs-layers.js';

interface Located {
  readonly format: ModelFormat;
  /** The file the format starts from: deploy.prototxt, model.json or the .pb. */
  readonly path: string;
  readonly entry?: RegistryEntry;
}

const isUrl = (s: string): boolean => /^https?:\/\//.test(s);

function filesIn(dir: string): string[] {
  return readdirSync(dir).map((f) => join(dir, f));
}

/** What kind of model a local path (file or folder) holds. */
function locatePath(path: string): Located | undefined {
  if (isUrl(path)) return path.endsWith('.json') ? { format: 'tfjs-layers', path } : undefined;
  if (!existsSync(path)) return undefined;
  if (statSync(path).isFile()) {
    if (path.endsWith('.prototxt')) return { format: 'caffe', path };
    if (path.endsWith('.caffemodel')) return { format: 'caffe', path: join(dirname(path), 'deploy.prototxt') };
    if (path.endsWith('.json')) return { format: 'tfjs-layers', path };
    if (path.endsWith('.pb')) return { format: 'graphdef', path };
    return undefined;
  }
  const files = filesIn(path);
  const prototxt = files.find((f) => basename(f) === 'deploy.prototxt') ?? files.find((f) => f.endsWith('.prototxt'));
  if (prototxt) return { format: 'caffe', path: prototxt };
  const json = files.find((f) => f.endsWith('.json') && readFileSync(f, 'utf8').includes('"modelTopology"'));
  if (json) return { format: 'tfjs-layers', path: json };
  const pb = files.find((f) => f.endsWith('.pb'));
  return pb ? { format: 'graphdef', path: pb } : undefined;
}

/** A Caffe net's weights: a sibling .caffemodel, or the per-layer folder layout. */
function caffeWeights(prototxt: string): CaffeWeightSource {
  const dir = dirname(prototxt);
  const caffemodel = filesIn(dir).find((f) => f.endsWith('.caffemodel'));
  if (caffemodel) return caffemodelWeights(readFileSync(caffemodel));
  if (existsSync(join(dir, 'weights'))) return caffeWeightFolder(join(dir, 'weights'));
  throw new DreamreelError(`no weights beside ${prototxt}: expected a .caffemodel or a weights/ folder`);
}

export interface LoadModelOptions {
  /** Fetch a registry model that is not in the models directory yet. */
  readonly download?: boolean;
  readonly onProgress?: (p: PullProgress) => void;
  readonly env?: NodeJS.ProcessEnv;
}

async function locate(spec: string, options: LoadModelOptions): Promise<Located> {
  const entry = registryEntry(spec);
  if (!entry) {
    const found = locatePath(spec);
    if (found) return found;
    const names = REGISTRY.map((e) => e.name).join(', ');
    throw new DreamreelError(`unknown model "${spec}": expected one of ${names}, or the path of a deploy.prototxt, model.json or .pb`);
  }
  const dir = modelsDir(options.env);
  let folder = isPulled(entry, dir);
  if (!folder) {
    if (!options.download) {
      throw new DreamreelError(`model ${entry.name} is not in ${dir}: run "dreamreel models pull ${entry.name}" (downloads ${entry.files.at(-1)!.url}), set DREAMREEL_MODELS, or pass --model PATH`);
    }
    try {
      folder = await pullModel(entry, dir, options.onProgress);
    } catch (e) {
      throw new DreamreelError(`${(e as Error).message}; to work offline, set DREAMREEL_MODELS to a folder holding ${entry.folders[0]}/, or pass --model PATH`);
    }
  }
  const found = locatePath(folder);
  if (!found) throw new DreamreelError(`${folder} does not hold a ${entry.format} model; remove it and pull ${entry.name} again`);
  return { ...found, entry };
}

/** Loads a registry name, a local path or a model.json URL into the engine-free network. */
export async function loadModel(spec: string, options: LoadModelOptions = {}): Promise<Network> {
  const net = await parseModel(spec, options);
  // NaN in a weight file has the right size and parses: only its values give it away.
  const corrupt = firstNonFiniteLayer(net);
  if (corrupt) throw new DreamreelError(`model ${spec} is corrupt: the weights of layer ${corrupt} hold NaN or infinite values; download or pull it again`);
  return net;
}

async function parseModel(spec: string, options: LoadModelOptions): Promise<Network> {
  const { format, path, entry } = await locate(spec, options);
  const common = { name: entry?.name ?? basename(dirname(path)) ?? spec, ...(entry ? { suggestedLayers: entry.suggestedLayers, preprocess: entry.preprocess } : {}) };
  try {
    switch (format) {
      case 'caffe':
        return caffeNetwork(readFileSync(path, 'utf8'), caffeWeights(path), common);
      case 'tfjs-layers':
        return tfjsLayersNetwork(await readTfjsArtifacts(path), common);
      case 'graphdef':
        return graphDefNetwork(readFileSync(path), common);
    }
  } catch (e) {
    if (e instanceof DreamreelError) throw e;
    throw new DreamreelError(`could not load model ${spec} (${path}): ${(e as Error).message}`);
  }
}
