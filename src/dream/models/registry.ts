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
  /**
   * Official shards whose bytes could not be hashed (size-checked only). With shardSha256, the
   * complete list of shard names: a model.json naming any other shard is refused, so renaming
   * a shard cannot step around its pin.
   */
  readonly unpinnedShards?: readonly string[];
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

/**
 * The official mobilenet_v1_0.25_224 shards: ../shared/models/mobilenet_v1_0.25_224 holds them
 * under the names `mobilenet_groupN-shard1of1` (its sha256 list); the bytes are the official ones.
 */
const MOBILENET_V1_025_SHARDS: Readonly<Record<string, string>> = {
  'group1-shard1of1': 'edabf35aefbb81c92764cbfff6319c77376bfc36febff8fcda7af703d2b2d6aa',
  'group2-shard1of1': '2c1e2fdf2b434592a87f2473ee63eaadec9b9992274bf894bf9022aa62a4b295',
  'group3-shard1of1': '5c6dc065b191c2d25817b1363962b3750b10f12d1da45503d4f2b35f63828b44',
  'group4-shard1of1': '6d0bdad897777f9eff6645374b533887cc446ebbb775ee9c4fb6ba3651c39be8',
  'group5-shard1of1': 'b0d70f6c3943ff882969ee42494650cbad05b6358ae4dd7fb767052e2c8d61a9',
  'group6-shard1of1': 'b1670b847b867f3375c5c28182f8dc7ec4cd5227e8a288e63c205057b4bcae06',
  'group7-shard1of1': '9449cf689bf0c590b8637e2d85cd66121af6e24ef23e327e1e9616e33c943ccf',
  'group8-shard1of1': 'ff90f4c898656ab72f1b22c661527d33ea24c277e0ec41a694b796bc70bbef62',
  'group9-shard1of1': '619417b59fbc5c8b19c0103a1356d8c6cc2edbbacae04d61bd66d568ca44ca10',
  'group10-shard1of1': '56e538501e0a023c76eef09155492d06ac9b6c23e1ff740ce41b82b3c31d6e94',
  'group11-shard1of1': '5f089a0979fa68b7637bf26c51e866b6e08d2bad72e1a3e10dec081d551133e2',
  'group12-shard1of1': '47b68d00ca57c0b6e39fb9d39e4eb7dabf0b99ec38c49bc45e1397cea329fe46',
  'group13-shard1of1': '7b7c74cb5c301312a7c62c9eeb4fdc8c5c57880f58268c32c1060bae7452a93a',
  'group14-shard1of1': '1403fb88a00a1ee465631c6fdb8eec0d532a7b4d9e946f03ae6848304bf41082',
  'group15-shard1of1': '31fc5c67b4f0f32a86069c90f5098988fb4b6b9d6e837cde9318bf82c6ace283',
  'group16-shard1of1': '45befac068de20c8d151a3cba9f7d09a0d4e0fd23e786a78615a98eb0800b1a5',
  'group17-shard1of1': '268bfbd17bd9333c3867de58d15c359f8211111b47130361fc078ad85c838c17',
  'group18-shard1of1': 'fd6b29d8b2c4b14cb68b23c5b065c98cb5bf5b1bb591823fabbbf59a5699dcb3',
  'group19-shard1of1': '65f3ba8b805628857d9305ddec4b07b2ba3c578a7740d10791384a3ff5574ad1',
  'group20-shard1of1': '7050469756997f7f39f29123924e4d570740c865b9778102b4b5e860a60d2445',
  'group21-shard1of1': 'b7ac12c0857e6de96b0973df3f68bfe0d49a24f2408c120fe698e4b892bf00cc',
  'group22-shard1of1': '5206911ca627537095d3b4f6389df6d3d6397a7faee336e67215b71a691c8ae9',
  'group23-shard1of1': '67a89784137ea9720e6c5ee9d70113933e087100f3f0df3eebefda9dc11c72a3',
  'group24-shard1of1': 'c6fec2526a167ae899ad6bc96a27a4e525ef5e94da0c23a37465ecae266afd4d',
  'group25-shard1of1': '8dd9917bfc71ffec7d2f9b8a74a47b59fbc1f7d03e18c1a7996fb64cca244cb7',
  'group26-shard1of1': '93fd2a5988cb4578cf6ccb7f65eaf838621307923b726f4d34a9a69c82aa7835',
  'group27-shard1of1': '71a4b8f17edb37acb78b0acd6d666f247fbd41588528f84c74514054274f91bb',
  'group28-shard1of1': '88a53e2fe1d619390a3783149161113d6c792262133bd07d2a7ee0f0c8176e00',
  'group29-shard1of1': 'f047ff48ce2829fd9c10bbae13c9443d77d2450c3373b47ca3f8b837f0012789',
  'group30-shard1of1': '165a39308c2b2db017e4e1c70d70014da8e7b2057d214a92b87ccd0aa8ecb8da',
  'group31-shard1of1': 'be3ae0501d536d6b8ebc9848b978062772dff56591473a3d593cdd23bad8557b',
  'group32-shard1of1': '6bab02eafbdb5743a75b8a18f4676f0206b9b2ddfe58bb752b3624fef4570bee',
  'group33-shard1of1': '53adf89e30f46c58b4f2d692e3f74901346e0d9220abd42910069aa04b8a2ec6',
  'group34-shard1of1': '1f43e3baf5e0c002b161da703a15c05f331e6369da2ec24d9427365052e8ea02',
  'group35-shard1of1': '1277abc3755440b0589d7c19630c48ff996c7ed64cfdf29c9dfcc539db5788ea',
  'group36-shard1of1': 'fa47f3541eea153174b3159d5fe2d376de467a49925870fea3804f31253ca227',
  'group37-shard1of1': '00ede3172b77a23b95371ea79f0480b6a46c296c3c875732beeb213278223c4e',
  'group38-shard1of1': 'f9cda80d267ab6ef2c657afed93c1f0342db0a14c8c61ee8036dcd6ba04cf526',
  'group39-shard1of1': '0a9369be8b5dfb7f25eb782ca9d57bcf5c6018a60c5789975b7c802d2e9a8033',
  'group40-shard1of1': 'e29621b35ebb0a35d22a11ae5b1bb070c0526577bd92ed9c2cbf0a63f055b4e1',
  'group41-shard1of1': 'ac7417eb2b88016e6aed832a0cb61369e6457a7bbfef1167c22e49e00cf2a315',
  'group42-shard1of1': '7c292473c55e234091f8d99422743779a5a9e8f91d49c90ef9a77432290299d4',
  'group43-shard1of1': '74ec361a7398c2510727c6a513f6e79a407aa5332f8a1b2b8c992b445a108c98',
  'group44-shard1of1': 'ea7b1678a5eecbbec96a7aacb5577f54df43f71be8ee2480b5942e717488f6de',
  'group45-shard1of1': '56f8ed19d60e630e7a528adc90bc7215991c42606435be271ba2e1301317f353',
  'group46-shard1of1': '32124cabcfdc5859466b6af656c8467fb4a48bdaac6382ab5b5db015565a09b4',
  'group47-shard1of1': '34fa5b0e22b0d998a9fe503fb921cf947c1f163d4b70017801cb6e900b1ab6d5',
  'group48-shard1of1': 'b2be37c058ad99a6bd51ca54884b3dfe278b33e5372d470ba8f4a8859139fb7d',
  'group49-shard1of1': '59fa80185c94b52f85592b65de71563a8acca6ed5cb94c4ae8f2a02ec97e808c',
  'group50-shard1of1': '530f049c43b9f31f2e4aa2663723a5090cdec42f243833f348acb400a386311c',
  'group51-shard1of1': '1d202ecdbb7d48aa152ccb8cc34b24812f774038802f80a3e8889b3ab3b48599',
  'group52-shard1of1': 'ce01c0edb4584d50dddaf7d0deba4ab156b43176c8810a92b21ab0b239cecfba',
  'group53-shard1of1': '6cca55e52e39b97b87d67a21180fba53e51d3e2cdbb157ebfa09530836119364',
  'group54-shard1of1': '63f0914ba3f4cd773e2b4eae2235ab43cb325b1ab21f1dc7325160b5b6aa0f3b',
  'group55-shard1of1': 'a762f7d6c962f43b16e8ef3fede568eac7f6fb2941af14cb25ef9a211e50f704',
};

export const REGISTRY: readonly RegistryEntry[] = [
  {
    name: 'googlenet',
    description: 'BVLC GoogLeNet (Caffe), the network of the original 2015 DeepDream',
    format: 'caffe',
    folders: ['bvlc_googlenet', 'googlenet'],
    files: [
      {
        url: 'https://raw.githubusercontent.com/BVLC/caffe/master/models/bvlc_googlenet/deploy.prototxt',
        name: 'deploy.prototxt',
        sha256: 'b54d43507240e27b08922b21810a9e8cd4ed871f361dc82db3c60086d4b75585',
      },
      {
        url: 'http://dl.caffe.berkeleyvision.org/bvlc_googlenet.caffemodel',
        name: 'bvlc_googlenet.caffemodel',
        sha1: '405fc5acd08a3bb12de8ee5e23a96bec22f08204',
      },
    ],
    license: 'unrestricted (BVLC model zoo)',
    preprocess: CAFFE_IMAGENET_PREPROCESS,
    suggestedLayers: [
      'inception_4c/output',
      'inception_4d/output',
      'inception_3b/output',
      'inception_4b/output',
      'inception_4e/output',
      'inception_5a/output',
      'inception_3a/output',
    ],
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
    unpinnedShards: ['group29-shard1of1', 'group37-shard1of1', 'group38-shard1of1'],
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
    shardSha256: MOBILENET_V1_025_SHARDS,
    unpinnedShards: [],
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
