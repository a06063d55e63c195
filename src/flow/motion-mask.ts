import { featherMask, mask, type Mask } from '../image/mask.js';
import type { FlowField } from './flow-field.js';

/** Motion under `still` px per frame counts as none, over `moving` as full; a smooth ramp between. */
export interface MotionMaskOptions {
  readonly still: number;
  readonly moving: number;
  /** Share of this frame's measure in the mask; the rest is the previous mask carried along the flow. */
  readonly rate: number;
}

export const MOTION_MASK: MotionMaskOptions = { still: 0.3, moving: 1.2, rate: 0.5 };

const smoothstep = (low: number, high: number, v: number): number => {
  const t = Math.min(1, Math.max(0, (v - low) / (high - low)));
  return t * t * (3 - 2 * t);
};

/** How much each pixel moves, from the backward flow, as weights in [0, 1]. */
export function motionWeights(flow: FlowField, o: MotionMaskOptions = MOTION_MASK): Mask {
  const out = new Float32Array(flow.width * flow.height);
  for (let p = 0; p < out.length; p++) {
    const dx = flow.data[2 * p]!;
    const dy = flow.data[2 * p + 1]!;
    out[p] = smoothstep(o.still, o.moving, Math.sqrt(dx * dx + dy * dy));
  }
  return mask(flow.width, flow.height, out);
}

/** Backward warp of a mask, bilinear, edges clamped: out(x) = m(x + flow(x)). */
export function warpMask(m: Mask, flow: FlowField): Mask {
  const { width: w, height: h } = m;
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const fx = Math.min(Math.max(x + flow.data[2 * i]!, 0), w - 1);
      const fy = Math.min(Math.max(y + flow.data[2 * i + 1]!, 0), h - 1);
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      const x1 = Math.min(x0 + 1, w - 1);
      const y1 = Math.min(y0 + 1, h - 1);
      const tx = fx - x0;
      const ty = fy - y0;
      const top = m.data[y0 * w + x0]! * (1 - tx) + m.data[y0 * w + x1]! * tx;
      out[i] = top * (1 - ty) + (m.data[y1 * w + x0]! * (1 - tx) + m.data[y1 * w + x1]! * tx) * ty;
    }
  return mask(w, h, out);
}

/** Pixels this close to what moves now may keep last frame's mask: a moving thing's weak-flow inside, not its wake. */
const REACH = 4;

/**
 * The mask of what moves, smoothed in time along the motion: this frame's measure blended with
 * the previous mask warped onto this frame, so it does not flicker where the flow is weak inside
 * a moving thing. The previous mask counts only near what moves now: the background a thing
 * uncovers measures no motion and warps last frame's mask in place, which would leave a trail.
 */
export function nextMotionMask(flow: FlowField, previous: Mask | undefined, o: MotionMaskOptions = MOTION_MASK): Mask {
  const now = motionWeights(flow, o);
  if (!previous) return now;
  const carried = warpMask(previous, flow);
  const near = featherMask(now, REACH).data;
  return mask(
    now.width,
    now.height,
    now.data.map((v, i) => o.rate * v + (1 - o.rate) * carried.data[i]! * Math.min(1, 2 * near[i]!)),
  );
}
