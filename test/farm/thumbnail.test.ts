import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { shrinkToBytes, thumbnailPublisher } from '../../src/pipeline/farm/thumbnail-publisher.js';
import type { FromChunk } from '../../src/pipeline/farm/chunk-messages.js';
import { hasShared, IMAGES, photo } from '../helpers/shared.js';

describe.runIf(hasShared)('dashboard thumbnails from dreamed frames', () => {
  it("shrinks a real photograph like sharp's area resize, fitted inside 192 px, never enlarged", async () => {
    const frame = await photo('chelsea.png', 640, 360);
    const { width, height, rgb } = shrinkToBytes(frame);
    expect([width, height]).toEqual([192, 108]);
    const reference = await sharp(`${IMAGES}/chelsea.png`)
      .removeAlpha()
      .resize(640, 360, { fit: 'fill' })
      .resize(192, 108, { fit: 'fill', kernel: 'cubic' })
      .raw()
      .toBuffer();
    let diff = 0;
    for (let i = 0; i < rgb.length; i++) diff += Math.abs(rgb[i]! - reference[i]!);
    expect(diff / rgb.length).toBeLessThan(6); // of 255: the same picture, resampled alike
    const small = shrinkToBytes(await photo('chelsea.png', 96, 64));
    expect([small.width, small.height]).toEqual([96, 64]);
  });

  it("sends at most one a second, within 1% of the frames' time", async () => {
    const image = await photo('chelsea.png', 96, 64);
    const sent: FromChunk[] = [];
    let clock = 0;
    const offer = thumbnailPublisher(
      (m) => sent.push(m),
      () => clock,
    );
    const frameDone = (frame: number, ms: number) => ({ type: 'frame-done' as const, frame, frames: 10, loss: 0, ms, fpm: 0, etaSeconds: 0, image });
    // Frames of 5 s: the first one gets a thumbnail, the next ones within the second do not.
    for (let f = 0; f < 5; f++, clock += 199) offer(frameDone(f, 5000), 100);
    expect(sent.map((m) => m.type === 'thumb' && m.frame)).toEqual([100]);
    clock = 1000;
    offer(frameDone(5, 5000), 100);
    expect(sent.map((m) => m.type === 'thumb' && m.frame)).toEqual([100, 105]);
    // Frames of 1 ms: a thumbnail only once 1% of the frames' time pays for it, however much time passes.
    const few: FromChunk[] = [];
    const fast = thumbnailPublisher(
      (m) => few.push(m),
      () => (clock += 2000),
    );
    for (let f = 0; f < 2000; f++) fast(frameDone(f, 1), 0);
    const costs = few.flatMap((m) => (m.type === 'thumb' ? [m.ms] : []));
    expect(costs.length).toBeGreaterThan(0);
    expect(costs.length).toBeLessThan(2000); // not every frame, though one a second would allow it
    // Every thumbnail before the last fitted the budget when the last was allowed.
    expect(costs.slice(0, -1).reduce((s, c) => s + c, 0)).toBeLessThanOrEqual(0.01 * 2000);
  });
});
