import type { RgbImage } from '../../image/image.js';
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
  const rgb = Buffer.alloc(width * height * 3);
  const sums = new Float64Array(width * height * 3);
  const counts = new Uint32Array(width * height);
  for (let y = 0; y < image.height; y++) {
    const row = Math.min(height - 1, Math.floor((y * height) / image.height)) * width;
    for (let x = 0; x < image.width; x++) {
      const cell = row + Math.min(width - 1, Math.floor((x * width) / image.width));
      const i = (y * image.width + x) * 3;
      counts[cell]!++;
      for (let c = 0; c < 3; c++) sums[cell * 3 + c]! += image.data[i + c]!;
    }
  }
  for (let i = 0; i < rgb.length; i++) rgb[i] = Math.round(Math.min(1, Math.max(0, sums[i]! / counts[Math.floor(i / 3)]!)) * 255);
  return { width, height, rgb };
}

/**
 * Offers each finished frame (`from`: the chunk's first absolute frame); at most one per
 * THUMB_INTERVAL_MS (the first frame always) is shrunk and sent to the worker, which makes the
 * JPEG. All of the chunk's share is synchronous, so `ms` is exactly what the dream waited for:
 * this process's event loop is blocked by ONNX Runtime's steps, so async work here could not be timed.
 */
export function thumbnailPublisher(send: (m: FromChunk) => void, now = (): number => performance.now()): (event: FrameDone, from: number) => void {
  let last = -Infinity;
  return (event, from) => {
    const at = now();
    if (!event.image || at - last < THUMB_INTERVAL_MS) return;
    last = at;
    const began = performance.now();
    const { width, height, rgb } = shrinkToBytes(event.image);
    send({ type: 'thumb', frame: from + event.frame, width, height, rgb: rgb.toString('base64'), ms: performance.now() - began });
  };
}
