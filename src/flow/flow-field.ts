/** Dense optical flow: for each pixel of the target frame, where it came from, as (dx, dy) pairs, row-major. */
export interface FlowField {
  readonly width: number;
  readonly height: number;
  /** 2 floats per pixel. */
  readonly data: Float32Array;
}

/** Mean endpoint error against another field of the same size. */
export function endpointError(a: FlowField, b: FlowField, border = 0): number {
  let sum = 0;
  let count = 0;
  for (let y = border; y < a.height - border; y++)
    for (let x = border; x < a.width - border; x++) {
      const i = (y * a.width + x) * 2;
      sum += Math.hypot(a.data[i]! - b.data[i]!, a.data[i + 1]! - b.data[i + 1]!);
      count++;
    }
  return sum / count;
}
