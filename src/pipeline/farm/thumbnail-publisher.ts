import type { RenderEvent } from '../events.js';
import type { FromChunk } from './chunk-messages.js';
import sharp from 'sharp';
import type { RgbImage } from '../../image/image.js';
import { toBytes } from '../image-io.js';
import { THUMB_INTERVAL_MS, THUMB_SIDE } from './thumbnail.js';

/** The dreamed frame as a small JPEG. */
async function thumbnailJpeg(image: RgbImage): Promise<Buffer> {
  return sharp(toBytes(image), { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(THUMB_SIDE, THUMB_SIDE, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 70 })
    .toBuffer();
}

type FrameDone = Extract<RenderEvent, { type: 'frame-done' }>;

export interface ThumbnailPublisher {
  /** Offers a finished frame (`from`: the chunk's first absolute frame); made into a thumbnail when the interval has passed. */
  (event: FrameDone, from: number): void;
  /** Waits for the thumbnail being made, so the chunk's last words come after it. */
  flush(): Promise<void>;
}

/**
 * Thumbnails of a chunk's dreamed frames, one per THUMB_INTERVAL_MS at most (the first frame
 * always), made off the dream's path and sent to the worker, which stores them in Redis.
 */
export function thumbnailPublisher(send: (m: FromChunk) => void): ThumbnailPublisher {
  let last = -Infinity;
  let pending: Promise<void> = Promise.resolve();
  const offer = (event: FrameDone, from: number): void => {
    const now = performance.now();
    if (!event.image || now - last < THUMB_INTERVAL_MS) return;
    last = now;
    const image = event.image;
    pending = pending.then(async () => {
      const began = performance.now();
      const jpeg = await thumbnailJpeg(image);
      send({ type: 'thumb', frame: from + event.frame, jpeg: jpeg.toString('base64'), ms: performance.now() - began });
    }).catch(() => {}); // a thumbnail is a nicety: never fail a chunk over one
  };
  return Object.assign(offer, { flush: () => pending });
}
