/**
 * What happens to the raw image gradient before the step: small (gradient) => gradient
 * functions composed in order, like lucid's gradient transforms.
 */
export type GradientProcessor = (gradient: Float32Array, width: number, height: number) => Float32Array;

/** Divide by the mean absolute value (google/deepdream), so the step size is in pixel units. */
export const normaliseMeanAbs: GradientProcessor = (g) => {
  let sum = 0;
  for (let i = 0; i < g.length; i++) sum += Math.abs(g[i]!);
  const k = 1 / (sum / g.length + 1e-8);
  return g.map((v) => v * k);
};

/** Divide by the standard deviation (the TensorFlow DeepDream tutorial). */
export const normaliseStd: GradientProcessor = (g) => {
  let mean = 0;
  for (let i = 0; i < g.length; i++) mean += g[i]!;
  mean /= g.length;
  let variance = 0;
  for (let i = 0; i < g.length; i++) variance += (g[i]! - mean) ** 2;
  const k = 1 / (Math.sqrt(variance / g.length) + 1e-8);
  return g.map((v) => v * k);
};

export function gaussianKernel(sigma: number): Float32Array {
  const radius = Math.max(1, Math.ceil(sigma * 3));
  const k = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) sum += k[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
  return k.map((v) => v / sum);
}

/** Separable Gaussian blur of an HWC array, edges clamped. */
export function gaussianBlur(data: Float32Array, width: number, height: number, sigma: number): Float32Array {
  if (sigma <= 0.05) return data;
  const k = gaussianKernel(sigma);
  const r = (k.length - 1) / 2;
  const tmp = new Float32Array(data.length);
  const out = new Float32Array(data.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 3; c++) {
        let acc = 0;
        for (let i = -r; i <= r; i++) acc += k[i + r]! * data[(y * width + Math.min(width - 1, Math.max(0, x + i))) * 3 + c]!;
        tmp[(y * width + x) * 3 + c] = acc;
      }
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 3; c++) {
        let acc = 0;
        for (let i = -r; i <= r; i++) acc += k[i + r]! * tmp[(Math.min(height - 1, Math.max(0, y + i)) * width + x) * 3 + c]!;
        out[(y * width + x) * 3 + c] = acc;
      }
  return out;
}

/** Smooths the gradient: the dream keeps to larger structures and shows less high-frequency noise. */
export const smooth =
  (sigma: number): GradientProcessor =>
  (g, w, h) =>
    gaussianBlur(g, w, h, sigma);
