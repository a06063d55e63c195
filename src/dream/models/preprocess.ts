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
