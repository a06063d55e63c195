import type { Preprocess } from '../network/graph.js';
import { CAFFE_IMAGENET_PREPROCESS, INCEPTION5H_PREPROCESS, KERAS_TF_PREPROCESS } from './preprocess.js';

export type ModelFormat = 'caffe' | 'tfjs-layers' | 'graphdef' | 'onnx';

export interface ModelFile {
  readonly url: string;
  /** Name in the model's folder. */
  readonly name: string;
  readonly sha1?: string;
  readonly sha256?: string;
  /** Unpacked into the folder after verification. */
  readonly archive?: 'zip';
}

export interface RegistryEntry {
  readonly name: string;
  readonly description: string;
  readonly format: ModelFormat;
  /** Folder names looked for in the models directory, first is where downloads go. */
  readonly folders: readonly string[];
  readonly files: readonly ModelFile[];
  /** tfjs models list their shards in model.json: fetched after it. */
  readonly shardsFromManifest?: boolean;
  readonly license: string;
  readonly preprocess: Preprocess;
  readonly suggestedLayers: readonly string[];
}

export const REGISTRY: readonly RegistryEntry[] = [
  {
    name: 'googlenet',
    description: 'BVLC GoogLeNet (Caffe), the network of the original 2015 DeepDream',
    format: 'caffe',
    folders: ['bvlc_googlenet', 'googlenet'],
    files: [
      { url: 'https://raw.githubusercontent.com/BVLC/caffe/master/models/bvlc_googlenet/deploy.prototxt', name: 'deploy.prototxt', sha256: 'b54d43507240e27b08922b21810a9e8cd4ed871f361dc82db3c60086d4b75585' },
      { url: 'http://dl.caffe.berkeleyvision.org/bvlc_googlenet.caffemodel', name: 'bvlc_googlenet.caffemodel', sha1: '405fc5acd08a3bb12de8ee5e23a96bec22f08204' },
    ],
    license: 'unrestricted (BVLC model zoo)',
    preprocess: CAFFE_IMAGENET_PREPROCESS,
    suggestedLayers: ['inception_4c/output', 'inception_4d/output', 'inception_3b/output', 'inception_4b/output', 'inception_4e/output', 'inception_5a/output', 'inception_3a/output'],
  },
  {
    name: 'inception5h',
    description: 'Inception v1 TensorFlow graph of the DeepDream tutorial (layers mixed3a … mixed5b)',
    format: 'graphdef',
    folders: ['inception5h'],
    files: [{ url: 'https://storage.googleapis.com/download.tensorflow.org/models/inception5h.zip', name: 'inception5h.zip', archive: 'zip' }],
    license: 'Apache-2.0',
    preprocess: INCEPTION5H_PREPROCESS,
    suggestedLayers: ['mixed4c', 'mixed4d_3x3_bottleneck_pre_relu', 'mixed4d', 'mixed3b', 'mixed4b', 'mixed5a'],
  },
  {
    name: 'mobilenet_v1',
    description: 'MobileNet v1 1.0 224 (TensorFlow.js layers model): fast, sharp small-scale textures',
    format: 'tfjs-layers',
    folders: ['mobilenet_v1_1.0_224', 'mobilenet_v1'],
    files: [{ url: 'https://storage.googleapis.com/tfjs-models/tfjs/mobilenet_v1_1.0_224/model.json', name: 'model.json' }],
    shardsFromManifest: true,
    license: 'Apache-2.0',
    preprocess: KERAS_TF_PREPROCESS,
    suggestedLayers: ['conv_pw_7_relu', 'conv_pw_5_relu', 'conv_pw_9_relu', 'conv_pw_3_relu', 'conv_pw_11_relu'],
  },
  {
    name: 'mobilenet_v1_0.25',
    description: 'MobileNet v1 0.25 224 with its classifier: tiny and quick, for class targets and tests',
    format: 'tfjs-layers',
    folders: ['mobilenet_v1_0.25_224', 'mobilenet_v1_0.25'],
    files: [{ url: 'https://storage.googleapis.com/tfjs-models/tfjs/mobilenet_v1_0.25_224/model.json', name: 'model.json' }],
    shardsFromManifest: true,
    license: 'Apache-2.0',
    preprocess: KERAS_TF_PREPROCESS,
    suggestedLayers: ['conv_pw_7_relu', 'conv_pw_5_relu', 'conv_pw_9_relu', 'conv_pw_3_relu'],
  },
];

export const DEFAULT_MODEL = 'googlenet';

export function registryEntry(name: string): RegistryEntry | undefined {
  return REGISTRY.find((e) => e.name === name);
}
