import protobuf from 'protobufjs';
import { fileURLToPath } from 'node:url';
import type { CaffeWeightSource } from './caffe-network.js';

let netParameter: protobuf.Type | undefined;

/** Caffe's own schema (caffe.proto, BSD-2, copied with its licence beside it). */
export function caffeNetParameter(): protobuf.Type {
  netParameter ??= protobuf.loadSync(fileURLToPath(new URL('./caffe.proto', import.meta.url))).lookupType('caffe.NetParameter');
  return netParameter;
}

interface BlobMessage {
  data?: number[] | Float32Array;
}
interface LayerMessage {
  name?: string;
  blobs?: BlobMessage[];
}

/** Reads the blobs of a binary .caffemodel (NetParameter), new `layer` and V1 `layers` alike. */
export function caffemodelWeights(bytes: Uint8Array): CaffeWeightSource {
  const msg = caffeNetParameter().decode(bytes) as unknown as { layer?: LayerMessage[]; layers?: LayerMessage[] };
  const byName = new Map<string, BlobMessage[]>();
  for (const layer of [...(msg.layer ?? []), ...(msg.layers ?? [])]) {
    if (layer.name && layer.blobs?.length) byName.set(layer.name, layer.blobs);
  }
  return {
    blobs(layer, expected) {
      const blobs = byName.get(layer);
      if (!blobs) throw new Error(`the caffemodel has no weights for layer ${layer}`);
      return expected.map((shape, i) => {
        const data = Float32Array.from(blobs[i]?.data ?? []);
        const known = shape.filter((d) => d > 0).reduce((a, b) => a * b, 1);
        if (data.length === 0 || (shape.includes(-1) ? data.length % known !== 0 : data.length !== known)) {
          throw new Error(`caffemodel blob ${i} of ${layer} holds ${data.length} values, expected shape [${shape.join(', ')}]`);
        }
        return data;
      });
    },
  };
}
