/** Weight rearrangements shared by the engines, computed once per weight array. */

const flippedCache = new WeakMap<Float32Array, Float32Array>();

/**
 * The kernel whose convolution with the output gradient gives the input gradient of a
 * stride-1 convolution: spatially flipped, in and out swapped within each group.
 * [out, in/g, kh, kw] -> [in, out/g, kh, kw].
 */
export function flippedTransposedKernel(weight: Float32Array, out: number, inPerGroup: number, kh: number, kw: number, groups: number): Float32Array {
  const cached = flippedCache.get(weight);
  if (cached) return cached;
  const outPerGroup = out / groups;
  const result = new Float32Array(weight.length);
  for (let g = 0; g < groups; g++)
    for (let o = 0; o < outPerGroup; o++)
      for (let i = 0; i < inPerGroup; i++)
        for (let y = 0; y < kh; y++)
          for (let x = 0; x < kw; x++) {
            const src = (((g * outPerGroup + o) * inPerGroup + i) * kh + y) * kw + x;
            const dst = (((g * inPerGroup + i) * outPerGroup + o) * kh + (kh - 1 - y)) * kw + (kw - 1 - x);
            result[dst] = weight[src]!;
          }
  flippedCache.set(weight, result);
  return result;
}

/** [out, in, kh, kw] -> tfjs's [kh, kw, in, out]. */
export function oihwToHwio(weight: Float32Array, out: number, inC: number, kh: number, kw: number): Float32Array {
  const result = new Float32Array(weight.length);
  for (let o = 0; o < out; o++)
    for (let i = 0; i < inC; i++)
      for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) result[((y * kw + x) * inC + i) * out + o] = weight[((o * inC + i) * kh + y) * kw + x]!;
  return result;
}

/** TensorFlow's [kh, kw, in, out] -> [out, in, kh, kw]. */
export function hwioToOihw(k: Float32Array, kh: number, kw: number, inC: number, out: number): Float32Array {
  const r = new Float32Array(k.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < inC; i++) for (let o = 0; o < out; o++) r[((o * inC + i) * kh + y) * kw + x] = k[((y * kw + x) * inC + i) * out + o]!;
  return r;
}

/** Row-major [rows, cols] -> [cols, rows]. */
export function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const result = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) result[c * rows + r] = data[r * cols + c]!;
  return result;
}
