import { describe, expect, it } from 'vitest';
import { farnebackFlow } from '../../src/flow/farneback.js';
import { warpBackward } from '../../src/flow/warp.js';
import { consistencyMask } from '../../src/flow/consistency.js';
import { zoomRotateShift } from '../../src/flow/affine.js';
import { endpointError, type FlowField } from '../../src/flow/flow-field.js';
import { meanAbsDifference, rgbImage, type RgbImage } from '../../src/image/image.js';
import { hasShared, photo } from '../helpers/shared.js';

/** The exact flow of a known motion: from each pixel of `to` back to where it was in `from`. */
function knownFlow(width: number, height: number, back: (x: number, y: number) => [number, number]): FlowField {
  const data = new Float32Array(width * height * 2);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const [sx, sy] = back(x, y);
      data[(y * width + x) * 2] = sx - x;
      data[(y * width + x) * 2 + 1] = sy - y;
    }
  return { width, height, data };
}

function crop(image: RgbImage, x0: number, y0: number, w: number, h: number): RgbImage {
  const out = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++) out.set(image.data.subarray(((y0 + y) * image.width + x0) * 3, ((y0 + y) * image.width + x0 + w) * 3), y * w * 3);
  return rgbImage(w, h, out);
}

describe.runIf(hasShared)('optical flow on a real photograph with known motion', () => {
  it('recovers a 3 px pan at 320x180 to under 0.5 px mean endpoint error, and warping matches', async () => {
    // A textured photograph: in rocket.jpg's flat sky no method can see motion (aperture problem).
    const big = await photo('chelsea.png', 400, 260);
    const prev = crop(big, 40, 40, 320, 180);
    const next = crop(big, 43, 40, 320, 180); // the camera pans right: content moves 3 px left
    const flow = await farnebackFlow(next, prev);
    const truth = knownFlow(320, 180, (x, y) => [x + 3, y]);
    expect(endpointError(flow, truth, 8)).toBeLessThan(0.5);
    const warped = warpBackward(prev, flow);
    expect(meanAbsDifference(warped, next)).toBeLessThan(meanAbsDifference(prev, next) / 3);
  });

  it('follows a zoom and a rotation to under a pixel', async () => {
    const prev = await photo('chelsea.png', 320, 180);
    for (const step of [
      { zoom: 1.03, rotateDegrees: 0, shift: [0, 0] as const },
      { zoom: 1, rotateDegrees: 1.5, shift: [0, 0] as const },
    ]) {
      const next = zoomRotateShift(prev, step);
      const flow = await farnebackFlow(next, prev);
      const cx = 159.5;
      const cy = 89.5;
      const a = (-step.rotateDegrees * Math.PI) / 180;
      const truth = knownFlow(320, 180, (x, y) => [
        cx + (Math.cos(a) * (x - cx) - Math.sin(a) * (y - cy)) / step.zoom,
        cy + (Math.sin(a) * (x - cx) + Math.cos(a) * (y - cy)) / step.zoom,
      ]);
      expect(endpointError(flow, truth, 12)).toBeLessThan(1);
    }
  });

  it('marks pixels whose source left the frame as untrusted', async () => {
    const big = await photo('coffee.png', 400, 260);
    const prev = crop(big, 40, 40, 320, 180);
    const next = crop(big, 46, 40, 320, 180);
    const mask = consistencyMask(await farnebackFlow(next, prev), await farnebackFlow(prev, next));
    let rightEdge = 0;
    let middle = 0;
    for (let y = 20; y < 160; y++) {
      rightEdge += mask[y * 320 + 318]!;
      middle += mask[y * 320 + 160]!;
    }
    expect(rightEdge / 140).toBeLessThan(0.2);
    expect(middle / 140).toBeGreaterThan(0.8);
  });
});
