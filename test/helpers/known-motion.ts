/**
 * Clips whose motion is known exactly, built with ffmpeg from a real photograph, and measures
 * of a dreamed video that use only that known motion (never the product's own optical flow):
 * flicker as the known-motion warping error, dream strength, ghosting and brightness drift.
 */
import { join } from 'node:path';
import type { RgbImage } from '../../src/image/image.js';
import { decodeFrames } from '../../src/pipeline/decode-frames.js';
import { ffmpeg } from './clips.js';
import { IMAGES } from './shared.js';

/** Pixels per frame the picture content moves by (the crop window moves the other way). */
export interface Pan {
  readonly dx: number;
  readonly dy: number;
}

/** Near-lossless H.264 (4:4:4, qp 0) so the clip is the exact shift the measure assumes. */
const LOSSLESS = ['-c:v', 'libx264', '-qp', '0', '-pix_fmt', 'yuv444p'];

/**
 * A photograph seen through a window that moves `pan.dx` px right and `pan.dy` px down per
 * frame: frame t at (x, y) shows what frame t-1 showed at (x + dx, y + dy).
 */
export function pannedClip(dir: string, o: { frames: number; width: number; height: number; pan?: Pan; fps?: number }): string {
  const { dx, dy } = o.pan ?? { dx: 3, dy: 1 };
  const path = join(dir, `known-pan-${o.frames}-${o.width}x${o.height}-${dx}-${dy}.mp4`);
  // The cat's fur: texture everywhere, so any decent optical flow can follow it (on smooth sky
  // Farneback underestimates a 3 px pan by a third, and the measure would judge the flow).
  const wide = Math.max(o.width + 16 + dx * o.frames, Math.ceil(((o.height + 16 + dy * o.frames) * 451) / 300));
  // The still loops at the output's rate: at ffmpeg's default 25 fps into 24 one frame in 25 is dropped, a jump in the pan.
  ffmpeg([
    '-loop',
    '1',
    '-framerate',
    String(o.fps ?? 24),
    '-i',
    `${IMAGES}/chelsea.png`,
    '-vf',
    `scale=${wide}:-2:flags=lanczos,crop=${o.width}:${o.height}:x='8+${dx}*n':y='8+${dy}*n'`,
    '-frames:v',
    String(o.frames),
    '-r',
    String(o.fps ?? 24),
    ...LOSSLESS,
    path,
  ]);
  return path;
}

/** Where the moving object is in frame t: a square of `size` px, its top-left corner at (x0 + speed * t, y). */
export interface Crossing {
  readonly size: number;
  readonly x0: number;
  readonly y: number;
  readonly speed: number;
}

export function crossingAt(c: Crossing, t: number): { x: number; y: number; size: number } {
  return { x: c.x0 + c.speed * t, y: c.y, size: c.size };
}

/** A still photograph with a patch of another photograph sliding across it (ffmpeg overlay). */
export function crossingClip(dir: string, o: { frames: number; width: number; height: number; crossing: Crossing; fps?: number }): string {
  const c = o.crossing;
  const path = join(dir, `known-crossing-${o.frames}-${o.width}x${o.height}.mp4`);
  const filter = `[0:v]scale=${o.width}:${o.height}[bg];[1:v]scale=${2 * c.size}:${2 * c.size},crop=${c.size}:${c.size}:${c.size / 2}:${c.size / 2}[obj];[bg][obj]overlay=x='${c.x0}+${c.speed}*n':y=${c.y}`;
  ffmpeg([
    '-loop',
    '1',
    '-framerate',
    String(o.fps ?? 24),
    '-i',
    `${IMAGES}/coffee.png`,
    '-loop',
    '1',
    '-framerate',
    String(o.fps ?? 24),
    '-i',
    `${IMAGES}/chelsea.png`,
    '-filter_complex',
    filter,
    '-frames:v',
    String(o.frames),
    '-r',
    String(o.fps ?? 24),
    ...LOSSLESS,
    path,
  ]);
  return path;
}

/** Mean |a - b| in 0-255 levels. */
export function strength(dreamed: RgbImage, source: RgbImage): number {
  let sum = 0;
  for (let i = 0; i < dreamed.data.length; i++) sum += Math.abs(dreamed.data[i]! - source.data[i]!);
  return (255 * sum) / dreamed.data.length;
}

/**
 * Known-motion warping error between neighbouring dreamed frames, 0-255: frame t at (x, y)
 * against frame t-1 at (x + dx, y + dy), away from a `border` where content enters.
 */
export function panFlicker(frames: readonly RgbImage[], pan: Pan, border = 8): number[] {
  const out: number[] = [];
  for (let t = 1; t < frames.length; t++) {
    const a = frames[t]!;
    const b = frames[t - 1]!;
    const w = a.width;
    let sum = 0;
    let n = 0;
    for (let y = border; y < a.height - pan.dy - border; y++)
      for (let x = border; x < w - pan.dx - border; x++) {
        const i = (y * w + x) * 3;
        const j = ((y + pan.dy) * w + x + pan.dx) * 3;
        for (let c = 0; c < 3; c++) sum += Math.abs(a.data[i + c]! - b.data[j + c]!);
        n += 3;
      }
    out.push((255 * sum) / n);
  }
  return out;
}

function inside(box: { x: number; y: number; size: number }, x: number, y: number, margin: number): boolean {
  return x >= box.x - margin && x < box.x + box.size + margin && y >= box.y - margin && y < box.y + box.size + margin;
}

/** Whether (x, y) of frame t is background the object has just left: it was there k = 2..trail frames ago, and is not near it now or in frame t-1. */
function inTrail(crossing: Crossing, t: number, x: number, y: number, trail: number, margin: number): boolean {
  if (inside(crossingAt(crossing, t), x, y, margin) || inside(crossingAt(crossing, t - 1), x, y, margin)) return false;
  for (let k = 2; k <= trail; k++) if (t - k >= 0 && inside(crossingAt(crossing, t - k), x, y, 0)) return true;
  return false;
}

/** Mean over the trail pixels of frames 1..n of `measure(frame t, pixel offset)`, 0-255. */
function overTrail(frames: readonly RgbImage[], crossing: Crossing, trail: number, margin: number, measure: (t: number, i: number) => number): number {
  let sum = 0;
  let n = 0;
  for (let t = 1; t < frames.length; t++) {
    const w = frames[t]!.width;
    for (let y = 0; y < frames[t]!.height; y++)
      for (let x = 0; x < w; x++) {
        if (!inTrail(crossing, t, x, y, trail, margin)) continue;
        for (let c = 0; c < 3; c++) sum += measure(t, (y * w + x) * 3 + c);
        n += 3;
      }
  }
  return n ? (255 * sum) / n : 0;
}

/**
 * Ghosting on a crossing clip: how much the dreamed *background* changes between neighbouring
 * frames where the object has just been (its last `trail` positions), 0-255. The background is
 * still, so a steady dream leaves it alone; a ghost trail of the object shows up here.
 */
export function crossingGhosting(frames: readonly RgbImage[], crossing: Crossing, trail = 6, margin = 2): number {
  return overTrail(frames, crossing, trail, margin, (t, i) => Math.abs(frames[t]!.data[i]! - frames[t - 1]!.data[i]!));
}

/**
 * Dream strength on the same pixels (mean |dream - source|): ghosting can also be bought by
 * leaving the ground the object uncovers undreamed, a pale wake instead of a flickering one.
 */
export function trailStrength(frames: readonly RgbImage[], sources: readonly RgbImage[], crossing: Crossing, trail = 6, margin = 2): number {
  return overTrail(frames, crossing, trail, margin, (t, i) => Math.abs(frames[t]!.data[i]! - sources[t]!.data[i]!));
}

/** Mean luma of the dream minus that of its source, 0-255 (positive: brighter). */
export function lumaOffset(dreamed: RgbImage, source: RgbImage): number {
  let sum = 0;
  const d = dreamed.data;
  const s = source.data;
  for (let p = 0; p < d.length; p += 3) sum += 0.299 * (d[p]! - s[p]!) + 0.587 * (d[p + 1]! - s[p + 1]!) + 0.114 * (d[p + 2]! - s[p + 2]!);
  return (255 * sum) / (d.length / 3);
}

export const mean = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);

export async function decodeAll(path: string, width: number, height: number): Promise<RgbImage[]> {
  const frames: RgbImage[] = [];
  for await (const f of decodeFrames(path, { width, height })) frames.push(f);
  return frames;
}
