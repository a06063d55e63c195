/**
 * Measures of a masked dream that use only the mask the test drew (never the product's own
 * mask code): how far the output strays from the source outside, how strong the dream is
 * inside, and whether a line shows along the edge.
 */
import type { RgbImage } from '../../src/image/image.js';
import { ffmpeg } from './clips.js';
import { join } from 'node:path';

/** A disc of `radius` px whose centre is at (x0 + speed * t, y) in frame t. */
export interface Disc {
  readonly x0: number;
  readonly y: number;
  readonly speed: number;
  readonly radius: number;
}

/** Distance of (x, y) from the disc's edge in frame t: negative inside. */
export const fromEdge = (d: Disc, t: number, x: number, y: number): number => Math.hypot(x + 0.5 - (d.x0 + d.speed * t), y + 0.5 - d.y) - d.radius;

/** A white disc crossing a black frame, lossless grey (FFV1), drawn by ffmpeg's geq filter. */
export function discMaskVideo(dir: string, d: Disc, o: { width: number; height: number; frames: number; fps: number }): string {
  const path = join(dir, `disc-${d.x0}-${d.speed}.mkv`);
  const lum = `255*lte(hypot(X+0.5-(${d.x0}+${d.speed}*N)\\,Y+0.5-${d.y})\\,${d.radius})`;
  ffmpeg([
    '-f',
    'lavfi',
    '-i',
    `color=c=black:s=${o.width}x${o.height}:r=${o.fps}`,
    '-vf',
    `format=gray,geq=lum='${lum}'`,
    '-frames:v',
    String(o.frames),
    '-c:v',
    'ffv1',
    path,
  ]);
  return path;
}

/** Mean |a - b| in 0-255 levels over the pixels `where` picks, all channels. */
export function meanLevels(a: RgbImage, b: RgbImage, where: (x: number, y: number) => boolean): number {
  let sum = 0;
  let n = 0;
  for (let y = 0; y < a.height; y++)
    for (let x = 0; x < a.width; x++) {
      if (!where(x, y)) continue;
      const i = (y * a.width + x) * 3;
      for (let c = 0; c < 3; c++) sum += Math.abs(a.data[i + c]! - b.data[i + c]!);
      n += 3;
    }
  return n ? (255 * sum) / n : 0;
}

/** Mean absolute second difference of luma (horizontal and vertical), 0-255, over the pixels `where` picks. */
export function secondDifference(image: RgbImage, where: (x: number, y: number) => boolean): number {
  const { width: w, height: h, data } = image;
  const luma = (x: number, y: number): number => {
    const i = (y * w + x) * 3;
    return 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
  };
  let sum = 0;
  let n = 0;
  for (let y = 1; y < h - 1; y++)
    for (let x = 1; x < w - 1; x++) {
      if (!where(x, y)) continue;
      sum += Math.abs(2 * luma(x, y) - luma(x - 1, y) - luma(x + 1, y)) + Math.abs(2 * luma(x, y) - luma(x, y - 1) - luma(x, y + 1));
      n += 2;
    }
  return n ? (255 * sum) / n : 0;
}

export const average = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);

/** Mean |luma(a) - luma(b)| in 0-255 levels (Rec. 601) over the pixels `where` picks: H.264 at 4:2:0 halves colour resolution, so colour differs at any mask. */
export function meanLumaLevels(a: RgbImage, b: RgbImage, where: (x: number, y: number) => boolean): number {
  let sum = 0;
  let n = 0;
  for (let y = 0; y < a.height; y++)
    for (let x = 0; x < a.width; x++) {
      if (!where(x, y)) continue;
      const i = (y * a.width + x) * 3;
      sum += Math.abs(0.299 * (a.data[i]! - b.data[i]!) + 0.587 * (a.data[i + 1]! - b.data[i + 1]!) + 0.114 * (a.data[i + 2]! - b.data[i + 2]!));
      n++;
    }
  return n ? (255 * sum) / n : 0;
}

/** The source frames through dreamreel's own encoder at its default quality: what an undreamed frame looks like once encoded. */
export async function encodedAsDreamreel(frames: readonly RgbImage[], path: string, fps = 12): Promise<RgbImage[]> {
  const { FrameEncoder } = await import('../../src/pipeline/encoder.js');
  const { decodeFrames } = await import('../../src/pipeline/decode-frames.js');
  const { width, height } = frames[0]!;
  const encoder = new FrameEncoder({ path, format: 'mp4', width, height, fps, crf: 18 });
  for (const f of frames) await encoder.write(f);
  await encoder.finish();
  const out: RgbImage[] = [];
  for await (const f of decodeFrames(path, { width, height })) out.push(f);
  return out;
}
