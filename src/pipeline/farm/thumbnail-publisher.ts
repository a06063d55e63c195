import { rgbImage, type RgbImage } from '../../image/image.js';
import type { RenderEvent } from '../events.js';
import type { FromChunk } from './chunk-messages.js';
import { THUMB_INTERVAL_MS, THUMB_SIDE } from './thumbnail.js';

type FrameDone = Extract<RenderEvent, { type: 'frame-done' }>;

/** The thumbnail's size: the frame fitted inside THUMB_SIDE, never enlarged. */
function thumbSize(image: RgbImage): { width: number; height: number } {
  const scale = Math.min(1, THUMB_SIDE / Math.max(image.width, image.height));
  return { width: Math.max(1, Math.round(image.width * scale)), height: Math.max(1, Math.round(image.height * scale)) };
}

/** Area-averaged shrink to 8-bit RGB (no aliasing from the dream's fine texture), in one pass. */
export function shrinkToBytes(image: RgbImage): { width: number; height: number; rgb: Buffer } {
  const { width, height } = thumbSize(image);
  const src = image.data;
  const sums = new Float32Array(width * height * 3);
  const counts = new Uint32Array(width * height);
  // Which thumbnail column each source column falls in, computed once instead of per pixel.
  const column = new Int32Array(image.width);
  for (let x = 0; x < image.width; x++) column[x] = Math.min(width - 1, Math.floor((x * width) / image.width));
  let i = 0;
  for (let y = 0; y < image.height; y++) {
    const row = Math.min(height - 1, Math.floor((y * height) / image.height)) * width;
    for (let x = 0; x < image.width; x++, i += 3) {
      const cell = row + column[x]!;
      const o = cell * 3;
      sums[o]! += src[i]!;
      sums[o + 1]! += src[i + 1]!;
      sums[o + 2]! += src[i + 2]!;
      counts[cell]!++;
    }
  }
  const rgb = Buffer.allocUnsafe(sums.length);
  for (let c = 0; c < counts.length; c++) {
    const scale = 255 / counts[c]!;
    for (let k = c * 3; k < c * 3 + 3; k++) rgb[k] = Math.round(Math.min(255, Math.max(0, sums[k]! * scale)));
  }
  return { width, height, rgb };
}

/** A chunk spends at most this share of its frame time on thumbnails. */
export const THUMB_BUDGET = 0.01;
/** What the first thumbnail is expected to cost before one is measured (warm: 0.3 ms at 96x64, 3 ms at 640x360). */
const FIRST_COST_MS = 3;

/**
 * Offers each finished frame (`from`: the chunk's first absolute frame): at most one per
 * THUMB_INTERVAL_MS is sent, and only while the thumbnails' time so far, the next one included
 * (priced as the last), stays within THUMB_BUDGET of the frames' time. Frames of seconds get a
 * thumbnail from the first; tiny fast frames after a few hundred ms of dreaming. All of the chunk's
 * share is synchronous, so `ms` is exactly what the dream waited for: this process's event loop
 * is blocked by ONNX Runtime's steps, so async work here could not be timed. The worker stores it.
 */
export function thumbnailPublisher(send: (m: FromChunk) => void, now = (): number => performance.now()): (event: FrameDone, from: number) => void {
  // Run once while the chunk starts (seconds of loading): cold, the first shrink takes 7-34 ms, which a
  // chunk of fast tiny frames would otherwise pay out of its frame time.
  shrinkToBytes(rgbImage(THUMB_SIDE * 2, THUMB_SIDE));
  let last = -Infinity;
  let spent = 0;
  let dreamt = 0;
  let lastCost = FIRST_COST_MS;
  return (event, from) => {
    dreamt += event.ms;
    const at = now();
    if (!event.image || at - last < THUMB_INTERVAL_MS || spent + lastCost > THUMB_BUDGET * dreamt) return;
    last = at;
    const began = performance.now();
    const { width, height, rgb } = shrinkToBytes(event.image);
    lastCost = performance.now() - began;
    spent += lastCost;
    send({ type: 'thumb', frame: from + event.frame, width, height, rgb: rgb.toString('base64'), ms: lastCost });
  };
}
