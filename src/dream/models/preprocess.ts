import type { Preprocess } from '../network/graph.js';

/**
 * How each model family wants its input, kept apart from the format readers so the registry
 * (and `dreamreel models list`) loads no protobuf code.
 */

/** Caffe's deploy nets expect BGR 0-255 minus the ImageNet mean (BVLC model zoo). */
export const CAFFE_IMAGENET_PREPROCESS: Preprocess = {
  channelOrder: 'BGR',
  scale: [255, 255, 255],
  offset: [-104, -117, -123],
};

/** The DeepDream tutorial feeds inception5h RGB 0-255 minus 117. */
export const INCEPTION5H_PREPROCESS: Preprocess = { channelOrder: 'RGB', scale: [255, 255, 255], offset: [-117, -117, -117] };

/** MobileNet and the Keras applications: RGB scaled to [-1, 1]. */
export const KERAS_TF_PREPROCESS: Preprocess = { channelOrder: 'RGB', scale: [2, 2, 2], offset: [-1, -1, -1] };

/** torchvision's ImageNet models: RGB in [0, 1], minus the mean, over the std. */
export const TORCH_IMAGENET_PREPROCESS: Preprocess = {
  channelOrder: 'RGB',
  scale: [1 / 0.229, 1 / 0.224, 1 / 0.225],
  offset: [-0.485 / 0.229, -0.456 / 0.224, -0.406 / 0.225],
};

/** The conventions models are trained with; ONNX files do not record theirs. */
export const PREPROCESS_PRESETS = { torch: TORCH_IMAGENET_PREPROCESS, caffe: CAFFE_IMAGENET_PREPROCESS, tf: KERAS_TF_PREPROCESS } as const;
export type PreprocessName = keyof typeof PREPROCESS_PRESETS;
// The names are the preprocess option's values (src/options/preprocess.ts); this table gives each its numbers.
export { PREPROCESS_NAMES } from '../../options/preprocess.js';

/**
 * How a user states preprocessing: a named convention, or its parts. The network sees
 * (pixel * scale - mean) / std per channel, pixels in [0, 1], channels in the network's order.
 */
export interface PreprocessSpec {
  readonly preprocess?: PreprocessName;
  readonly mean?: readonly [number, number, number];
  readonly std?: readonly [number, number, number];
  readonly bgr?: boolean;
  /** What a white pixel becomes before the mean is taken: 1 (torch), 255 (caffe). */
  readonly scale?: number;
}

const hasParts = (s: PreprocessSpec): boolean => s.mean !== undefined || s.std !== undefined || s.bgr !== undefined || s.scale !== undefined;

/** The spec over a fallback: explicit parts build a new convention (unset parts from the named one, or torch's). */
export function resolvePreprocess(spec: PreprocessSpec | undefined, fallback: Preprocess): Preprocess {
  if (!spec || (!spec.preprocess && !hasParts(spec))) return fallback;
  const base = spec.preprocess ? PREPROCESS_PRESETS[spec.preprocess] : fallback;
  if (!hasParts(spec)) return base;
  const named = spec.preprocess ?? 'torch';
  const defaults = {
    torch: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], scale: 1 },
    caffe: { mean: [104, 117, 123], std: [1, 1, 1], scale: 255 },
    tf: { mean: [1, 1, 1], std: [1, 1, 1], scale: 2 },
  }[named];
  const mean = spec.mean ?? defaults.mean;
  const std = spec.std ?? defaults.std;
  const scale = spec.scale ?? defaults.scale;
  const channelOrder = spec.bgr === undefined ? PREPROCESS_PRESETS[named].channelOrder : spec.bgr ? 'BGR' : 'RGB';
  const per = (f: (i: number) => number): [number, number, number] => [f(0), f(1), f(2)];
  return { channelOrder, scale: per((i) => scale / std[i]!), offset: per((i) => -mean[i]! / std[i]!) };
}
