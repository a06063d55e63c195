import { loadModel as loadNetwork } from '../dream/models/load-model.js';
import type { Network } from '../dream/network/graph.js';
import { modelOptions, parseOptions, type OptionsOf } from '../options/index.js';
import { preprocessOf } from '../options/preprocess.js';

export type ModelOptions = Partial<OptionsOf<typeof modelOptions>> & {
  /** Fetch a registry model that is not downloaded yet (default true). */
  readonly download?: boolean;
};

/**
 * A registry name, a model folder, or a deploy.prototxt / model.json / .pb / .onnx file as
 * dreamreel's engine-free network: its layers (`nodes`), aliases such as PyTorch module
 * paths, suggested layers and preprocessing.
 */
export async function loadModel(spec: string, options: ModelOptions = {}): Promise<Network> {
  const { download, ...rest } = options;
  const preprocess = preprocessOf(parseOptions(modelOptions, rest, 'library'));
  return loadNetwork(spec, { download: download ?? true, ...(preprocess ? { preprocess } : {}) });
}
