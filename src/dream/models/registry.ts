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
  /** sha256 of shards whose official bytes are known (by path in model.json); the rest are checked by size. */
  readonly shardSha256?: Readonly<Record<string, string>>;
  readonly license: string;
  readonly preprocess: Preprocess;
  readonly suggestedLayers: readonly string[];
}

/**
 * The official mobilenet_v1_1.0_224 shards, byte-identical to ../shared/models/mobilenet_v1_1.0_224
 * (its sha256 list). The last shards and the model.json were not available to hash: size-checked only.
 */
const MOBILENET_V1_SHARDS: Readonly<Record<string, string>> = {
  'group1-shard1of1': 'ac47f5e879eee80e5a3dd34e0c4b603c008c22697bd385a807b552196469cf8d',
  'group2-shard1of1': '926336e665f89179ae48d22b321ef040d3d8e3c4934c7c34723dbd1de3586392',
  'group3-shard1of1': 'e8f32b3d128117cc17ff7e6577806a1af8db83045a036fb6c6bf5ee5f28a9235',
  'group4-shard1of1': '825588712ad3472b2c3b38cc44902e527b7a2f445cb597ae40a2cbc51977167c',
  'group5-shard1of1': '974e18c0dc5b9a6019858d30a5565577f0d8ea312026ac085a408f79d536cf20',
  'group6-shard1of1': '9b4d71617f631e117d1b79254977e6dced7388bd611db803cbf6d792054f1294',
  'group7-shard1of1': '9433ee1ea01855ce72da0a1025b708ac55dec728e309c9089c1c7dffa18a86b0',
  'group8-shard1of1': 'cc8b9923e8c1715bc1d49123a62d66972b4189a5683121ee59780ed15f1265c8',
  'group9-shard1of1': 'd5a6eb3aca535d2e29d6abe60e487f2a56fab1397af6b65bcfe23b8e248b456f',
  'group10-shard1of1': 'd1e1d589dd26aa17b8e7a7de103b941a43001f61cb3d59d5c237aacf9a9cef29',
  'group11-shard1of1': '32e4d7d093e54f8bfbf1d114695b3e3ad62cd8677903010c65bed89aac19c302',
  'group12-shard1of1': '2460ac8019d24487c3d4ac62ecd6070c457d5cba907de5c6574adfad899987de',
  'group13-shard1of1': '050245f715febbb7cb23ef89c2785441f5ff1a40189e290e81b7f90f13561ffe',
  'group14-shard1of1': '0f547921c1176411876a109a32f3753fdbd0ed14b4a98b179b31cd3c53752c7e',
  'group15-shard1of1': '47337dadf5b8c0e796cc8b379df6267fc19001436636c068026acdf287d7e9f9',
  'group16-shard1of1': 'a850a0cbcf85ec192302a012c153eae688e4256bae59205fa4b4509855b37d20',
  'group17-shard1of1': '49f5a8ba9bebfbf9b336bd040abc6d4842497a3d47a396e8876cf0c704cf5325',
  'group18-shard1of1': '8cec047146c18f723aaa728aa38ca2f2b04bacd9992eeb2aba3f07aa44ce00fc',
  'group19-shard1of1': '1427f5a54802f9a058909705bb533ac4ecb94b617987e691c74cc3f2beea3f63',
  'group20-shard1of1': 'd24cf40560fc4ad7a7842c9c17c3230c2a30633ac0ed397022bbbbe3f83f053c',
  'group21-shard1of1': '5b8541d7f40659d311f46cf83bc0c1c4429b0b8efeeb98d91a98d56492ecbe36',
  'group22-shard1of1': '8bc3f01dc12e506d8cad386abeef95fda46a79ca0d83798595664fee72283c20',
  'group23-shard1of1': '0468e6901ec155cf9f2d8e4dc7f4b7dbbd8eec6ea857d0a2b7a7eb1b737089d9',
  'group24-shard1of1': '3fef53547ee5e03d641edecdba198262e51e2fa659b43fee258a119bd12cf69e',
  'group25-shard1of1': 'c966a3f767bf9ca947c8a8606d77eb7ab42a294ea273b238dbcdde6a46d6b8d8',
  'group26-shard1of1': '0ca49a466f72a989190a937f8743b251c23a7f5030b777d24c97ae8e259415ab',
  'group27-shard1of1': '96e41ae0bb8880e0c0fdc4c9126fef1c642bfbbd04c2170b05dffd2111493026',
  'group28-shard1of1': 'ef5ad407e32120b20370ba6a54cdf03f339f6ace8fb7415348ac568285e5ec8f',
  'group30-shard1of1': '2399805be0d87c6787065c05bb40dfef2d3f5085d9313091c79c653454212aa2',
  'group31-shard1of1': '9df450b5a6c9272224ba9114878f2513c3d7a4662a5d7e68562b44d1a21bcebd',
  'group32-shard1of1': 'b6530681265b4869dad58babd4070d59539dd17bd5e1b007a376bf4f8aa8975c',
  'group33-shard1of1': 'df0f5e2fa512880a1f75002fcd0f953ba2b96222aa869772435701296ade8674',
  'group34-shard1of1': '885bb00463357c8ff83e8405c71e18663b3661886d80fcbfb8c135bafd4a99d9',
  'group35-shard1of1': 'c1ae02f6cd5759a0550639e91918f2186a8331b9b711a97d73c97ea44cd28f17',
  'group36-shard1of1': 'f6997576dcb181aaed44a6c1eaf221f2a1cc4257fd29816a328c0e5a7230e81e',
  'group39-shard1of1': 'b2fca54b325e305fb0e024910e11d80474d013262d85bac7f1eb64c5f58fe266',
  'group40-shard1of1': 'c3f84328d85fb80b0ce341b2481fb1b9c71ab521f9f98fdd27451c727e00e302',
  'group41-shard1of1': '1ca13d51a3434ff2dcb156c1cc6d44975d0e915d5c178e0b7b37fdc71846f939',
  'group42-shard1of1': 'e74d4ab14b8137393eaf3e1eab8ac4a6ad5508148802a91631b2da23b987ecea',
  'group43-shard1of1': '9adab0633661a9417f8abe693b5e1aa53f33868aa542d0bba9eb06afc1e49ae1',
  'group44-shard1of1': '31a0da2cee66a6fa5b85d087b98f967a1566a05a6871abadb198cfc7094e3dc7',
  'group45-shard1of1': 'b4e9c284d376ab48186ed8629d396c4a02cb76bc3c89837f6c936a1f26234834',
  'group46-shard1of1': '752f6b8009dfc953e2e0e4d66d2c0d81f52efa4a9280c4013e9d928c03e90c24',
  'group47-shard1of1': 'e32ad47dd3800ac264dbb7687ed73e453b09368fe35c7e7ce27c63dd8262e88e',
  'group48-shard1of1': 'b2b63567b6fa40c5231451a3a4a1ec94ee45aa80bb802c166ba93f470c53a3f9',
  'group49-shard1of1': '19212241aa418c35ca5e9d83c4bac8b9be9abd4a48ac5f01e912c14bc6a23b7b',
  'group50-shard1of1': '1fb6d436f6334c585615d69786a7d5530f0302e23dbdedff27b73097a82a7cf0',
  'group51-shard1of1': '95950eba41daa55425261a1a544bb22f0fa7a52a08d1780b096a4c0d3c749cb4',
  'group52-shard1of1': 'a072338a6d7b5df47e673e454a6b35d34c6c055a7fbd355a84db78811fdaa1c5',
  'group53-shard1of1': '9fdde22824b7e5cb812fb8479eeba2a2da2fe1abee8bb532ec202909339e03b6',
  'group54-shard1of1': '887b0cac140eb3004f6f0ec265580c4681ad9277d8d2c88773373c0159e07188',
  'group55-shard1of1': 'e1a37a68fe9411f21df16e0c2c4ddd0099a590f3728c1dfc1f95eb43025659eb',
};

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
    shardSha256: MOBILENET_V1_SHARDS,
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

// The model option's default lives with the option (src/options/dream.ts).
export { DEFAULT_MODEL } from '../../options/dream.js';

export function registryEntry(name: string): RegistryEntry | undefined {
  return REGISTRY.find((e) => e.name === name);
}
