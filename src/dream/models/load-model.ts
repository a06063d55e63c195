import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DreamreelError } from '../../errors.js';
import { resolveLayer, type Network, type Preprocess } from '../network/graph.js';
import { firstNonFiniteLayer } from '../network/finite-weights.js';
import { caffeNetwork, type CaffeWeightSource } from './caffe/caffe-network.js';
import { caffemodelWeights } from './caffe/caffemodel.js';
import { caffeWeightFolder } from './caffe/weight-folder.js';
import { isPulled, pullModel, type PullProgress } from './download.js';
import { graphDefNetwork } from './graphdef/graphdef-network.js';
import { modelsDir } from './models-dir.js';
import { modelContentHash } from './model-hash.js';
import { REGISTRY, registryEntry, type ModelFormat, type RegistryEntry } from './registry.js';
import { readTfjsArtifacts } from './tfjs-artifacts.js';
import { tfjsLayersNetwork } from './tfjs-layers.js';
import { onnxNetwork, TORCH_IMAGENET_PREPROCESS } from './onnx/onnx-network.js';
import { resolvePreprocess, type PreprocessSpec } from './preprocess.js';
import { readSidecar } from './sidecar.js';

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
    if (path.endsWith('.onnx')) return { format: 'onnx', path };
    return undefined;
  }
  const files = filesIn(path);
  const prototxt = files.find((f) => basename(f) === 'deploy.prototxt') ?? files.find((f) => f.endsWith('.prototxt'));
  if (prototxt) return { format: 'caffe', path: prototxt };
  const json = files.find((f) => f.endsWith('.json') && readFileSync(f, 'utf8').includes('"modelTopology"'));
  if (json) return { format: 'tfjs-layers', path: json };
  const pb = files.find((f) => f.endsWith('.pb'));
  if (pb) return { format: 'graphdef', path: pb };
  const onnx = files.find((f) => f.endsWith('.onnx'));
  return onnx ? { format: 'onnx', path: onnx } : undefined;
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
  /** Overrides the model's own preprocessing (and an ONNX file's sidecar). */
  readonly preprocess?: PreprocessSpec;
}

async function locate(spec: string, options: LoadModelOptions): Promise<Located> {
  const entry = registryEntry(spec);
  if (!entry) {
    const found = locatePath(spec);
    if (found) return found;
    const names = REGISTRY.map((e) => e.name).join(', ');
    throw new DreamreelError(`unknown model "${spec}": expected one of ${names}, or the path of a deploy.prototxt, model.json, .pb or .onnx`);
  }
  const dir = modelsDir(options.env);
  let folder = isPulled(entry, dir);
  if (!folder) {
    if (!options.download) {
      throw new DreamreelError(
        `model ${entry.name} is not in ${dir}: run "dreamreel models pull ${entry.name}" (downloads ${entry.files.at(-1)!.url}), set DREAMREEL_MODELS, or pass --model PATH`,
      );
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
  const common = {
    name: entry?.name ?? basename(dirname(path)) ?? spec,
    ...(entry ? { suggestedLayers: entry.suggestedLayers, preprocess: entry.preprocess } : {}),
  };
  try {
    const net = format === 'onnx' ? onnxModel(path, options.preprocess) : await loadFormat(format, path, common);
    const preprocessed = options.preprocess && format !== 'onnx' ? { ...net, preprocess: resolvePreprocess(options.preprocess, net.preprocess) } : net;
    // After parsing: a model that does not load says why before anything is hashed.
    const contentSha256 = modelContentHash(format, path);
    return contentSha256 ? { ...preprocessed, contentSha256 } : preprocessed;
  } catch (e) {
    if (e instanceof DreamreelError) throw e;
    throw new DreamreelError(`could not load model ${spec} (${path}): ${(e as Error).message}`);
  }
}

type Common = { name: string; suggestedLayers?: readonly string[]; preprocess?: Preprocess };

async function loadFormat(format: Exclude<ModelFormat, 'onnx'>, path: string, common: Common): Promise<Network> {
  switch (format) {
    case 'caffe':
      return caffeNetwork(readFileSync(path, 'utf8'), caffeWeights(path), common);
    case 'tfjs-layers':
      return tfjsLayersNetwork(await readTfjsArtifacts(path), common);
    case 'graphdef':
      return graphDefNetwork(readFileSync(path), common);
  }
}

/** An ONNX file, with what its sidecar says about preprocessing and good layers; the user's flags win part by part. */
function onnxModel(path: string, flags: PreprocessSpec | undefined): Network {
  const sidecar = readSidecar(path);
  const preprocess = resolvePreprocess({ ...sidecar?.preprocess, ...flags }, TORCH_IMAGENET_PREPROCESS);
  const net = onnxNetwork(readFileSync(path), { name: basename(path, '.onnx'), dir: dirname(path), preprocess });
  // Without a sidecar, a module about 60% of the way in: deep enough for objects, not yet the classifier.
  const paths = net.modulePaths ?? [];
  const suggested = sidecar?.layers ?? (paths.length ? [paths[Math.floor(paths.length * 0.6)]!] : []);
  return { ...net, suggestedLayers: suggested.map((l) => resolveLayer(net, l)) };
}
