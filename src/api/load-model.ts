import { loadModel as loadNetwork } from '../dream/models/load-model.js';
import type { Network } from '../dream/network/graph.js';
import { preprocessSpec } from '../cli/preprocess-options.js';
import { toFlags } from './options.js';

export interface ModelOptions {
  readonly preprocess?: 'torch' | 'caffe' | 'tf';
  readonly mean?: readonly [number, number, number];
  readonly std?: readonly [number, number, number];
  readonly bgr?: boolean;
  readonly scale?: number;
  /** Fetch a registry model that is not downloaded yet (default true). */
  readonly download?: boolean;
}

/**
 * A registry name, a model folder, or a deploy.prototxt / model.json / .pb / .onnx file as
 * dreamreel's engine-free network: its layers (`nodes`), aliases such as PyTorch module
 * paths, suggested layers and preprocessing.
 */
export async function loadModel(spec: string, options: ModelOptions = {}): Promise<Network> {
  const { download, ...rest } = options;
  const preprocess = preprocessSpec(toFlags(rest, ['preprocess', 'mean', 'std', 'bgr', 'scale']));
  return loadNetwork(spec, { download: download ?? true, ...(preprocess ? { preprocess } : {}) });
}
