import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CaffeWeightSource } from './caffe-network.js';

function readFloats(path: string): Float32Array {
  const bytes = readFileSync(path);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** [out, kh, kw, in] -> Caffe's [out, in, kh, kw]. */
function ohwiToOihw(data: Float32Array, [o, i, kh, kw]: readonly number[]): Float32Array {
  const out = new Float32Array(data.length);
  for (let a = 0; a < o!; a++)
    for (let y = 0; y < kh!; y++)
      for (let x = 0; x < kw!; x++) for (let c = 0; c < i!; c++) out[((a * i! + c) * kh! + y) * kw! + x] = data[((a * kh! + y) * kw! + x) * i! + c]!;
  return out;
}

function checkSize(layer: string, what: string, data: Float32Array, shape: readonly number[]): void {
  const known = shape.filter((d) => d > 0).reduce((a, b) => a * b, 1);
  const ok = shape.includes(-1) ? data.length % known === 0 : data.length === known;
  if (!ok) throw new Error(`weights of ${layer} (${what}) hold ${data.length} values, expected shape [${shape.join(', ')}]`);
}

/**
 * The per-layer raw float32 layout of ../shared/models/bvlc_googlenet: weights/<layer>_filter.bin
 * with filters stored [out, kh, kw, in], and weights/<layer>_bias.bin.
 */
export function caffeWeightFolder(dir: string): CaffeWeightSource {
  return {
    blobs(layer, expected) {
      const filterPath = join(dir, `${layer}_filter.bin`);
      if (!existsSync(filterPath)) throw new Error(`missing weight file ${filterPath}`);
      const filter = readFloats(filterPath);
      checkSize(layer, 'filter', filter, expected[0]!);
      const blobs = [expected[0]!.length === 4 ? ohwiToOihw(filter, expected[0]!) : filter];
      if (expected.length > 1) {
        const bias = readFloats(join(dir, `${layer}_bias.bin`));
        checkSize(layer, 'bias', bias, expected[1]!);
        blobs.push(bias);
      }
      return blobs;
    },
  };
}
