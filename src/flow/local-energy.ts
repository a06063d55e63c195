/** Mean |value| over the 3 channels of each pixel, averaged over a (2r+1)² box (edges clamped). */
export function localEnergy(rgb: Float32Array, width: number, height: number, radius: number): Float32Array {
  const e = new Float32Array(width * height);
  for (let p = 0; p < e.length; p++) e[p] = (Math.abs(rgb[3 * p]!) + Math.abs(rgb[3 * p + 1]!) + Math.abs(rgb[3 * p + 2]!)) / 3;
  return boxBlur(boxBlur(e, width, height, radius, 1, width), width, height, radius, width, height);
}

/** One pass of a box blur along rows (step 1) or columns (step width), with a running sum. */
function boxBlur(v: Float32Array, width: number, height: number, radius: number, step: number, length: number): Float32Array {
  const out = new Float32Array(v.length);
  const lines = step === 1 ? height : width;
  const lineStep = step === 1 ? width : 1;
  const n = 2 * radius + 1;
  for (let l = 0; l < lines; l++) {
    const base = l * lineStep;
    const at = (k: number): number => v[base + Math.min(length - 1, Math.max(0, k)) * step]!;
    let sum = 0;
    for (let k = -radius; k <= radius; k++) sum += at(k);
    for (let k = 0; k < length; k++) {
      out[base + k * step] = sum / n;
      sum += at(k + radius + 1) - at(k - radius);
    }
  }
  return out;
}
