import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { shrinkToBytes, thumbnailPublisher } from '../../src/pipeline/farm/thumbnail-publisher.js';
import type { FromChunk } from '../../src/pipeline/farm/chunk-messages.js';
import { hasShared, IMAGES, photo } from '../helpers/shared.js';

describe.runIf(hasShared)('dashboard thumbnails from dreamed frames', () => {
  it('shrinks a real photograph like sharp\'s area resize, fitted inside 192 px, never enlarged', async () => {
    const frame = await photo('chelsea.png', 640, 360);
    const { width, height, rgb } = shrinkToBytes(frame);
    expect([width, height]).toEqual([192, 108]);
    const reference = await sharp(`${IMAGES}/chelsea.png`).removeAlpha().resize(640, 360, { fit: 'fill' }).resize(192, 108, { fit: 'fill', kernel: 'cubic' }).raw().toBuffer();
    let diff = 0;
    for (let i = 0; i < rgb.length; i++) diff += Math.abs(rgb[i]! - reference[i]!);
    expect(diff / rgb.length).toBeLessThan(6); // of 255: the same picture, resampled alike
    const small = shrinkToBytes(await photo('chelsea.png', 96, 64));
    expect([small.width, small.height]).toEqual([96, 64]);
  });

  it('sends the first frame, then at most one a second', async () => {
    const image = await photo('chelsea.png', 96, 64);
    const sent: FromChunk[] = [];
    let clock = 0;
    const offer = thumbnailPublisher((m) => sent.push(m), () => clock);
    const frameDone = (frame: number) => ({ type: 'frame-done' as const, frame, frames: 10, loss: 0, ms: 1, fpm: 0, etaSeconds: 0, image });
    for (let f = 0; f < 5; f++, clock += 199) offer(frameDone(f), 100);
    expect(sent.map((m) => m.type === 'thumb' && m.frame)).toEqual([100]);
    clock = 1000;
    offer(frameDone(5), 100);
    expect(sent.map((m) => m.type === 'thumb' && m.frame)).toEqual([100, 105]);
  });
});
