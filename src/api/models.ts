import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DreamreelError } from '../errors.js';
import { isPulled } from '../dream/models/download.js';
import { modelsDir } from '../dream/models/models-dir.js';
import { REGISTRY, registryEntry } from '../dream/models/registry.js';
import type { PreprocessOptions } from '../options/preprocess.js';
import { preprocessOf } from '../options/preprocess.js';

/** The registry's names, for help texts (loads no model code). */
export const MODEL_NAMES: readonly string[] = REGISTRY.map((e) => e.name);
export { DEFAULT_MODEL } from '../dream/models/registry.js';

export interface ModelRow {
  readonly name: string;
  readonly ready: boolean;
  readonly description: string;
  readonly layers: readonly string[];
}

/** The models dreamreel knows, and whether each is downloaded into the models directory. */
export function listModels(): { dir: string; models: ModelRow[] } {
  const dir = modelsDir();
  return { dir, models: REGISTRY.map((e) => ({ name: e.name, ready: Boolean(isPulled(e, dir)), description: e.description, layers: e.suggestedLayers })) };
}

/** Downloads a registry model, verified; resolves with its folder and where a replaced folder was kept (`force`). */
export async function pullModel(name: string, onFile: (file: string) => void, force = false): Promise<{ path: string; keptAs?: string }> {
  const entry = registryEntry(name);
  if (!entry) throw new DreamreelError(`unknown model "${name}": expected one of ${MODEL_NAMES.join(', ')}`);
  const { pullModel: pull, keptName } = await import('../dream/models/download.js');
  const folder = join(modelsDir(), entry.folders[0]!);
  const keptAs = force && existsSync(folder) ? keptName(folder) : undefined;
  const path = await pull(
    entry,
    modelsDir(),
    ({ file, bytes, total }) => {
      if (total && bytes === total) onFile(file);
    },
    { force, ...(keptAs ? { keptAs } : {}) },
  );
  return { path, ...(keptAs ? { keptAs } : {}) };
}

/** `models layers`: every addressable tensor of a model with its shape at side x side. */
export async function modelLayers(spec: string, o: PreprocessOptions, side: number): Promise<string> {
  const preprocess = preprocessOf(o);
  const [{ loadModel }, { layerListing }] = await Promise.all([import('../dream/models/load-model.js'), import('./layer-listing.js')]);
  const net = await loadModel(spec, preprocess ? { preprocess } : {});
  return layerListing(net, side);
}
