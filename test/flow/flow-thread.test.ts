import { describe, expect, it } from 'vitest';
import { lumaBytes, rgbImage, type RgbImage } from '../../src/image/image.js';
import { farnebackFlow } from '../../src/flow/farneback.js';
import { FlowThread } from '../../src/flow/flow-thread.js';
import { hasShared, photo } from '../helpers/shared.js';
import { staticImports } from '../helpers/import-graph.js';
import { from, lastValueFrom, toArray } from 'rxjs';
import { pairWithPrevious } from '../../src/pipeline/operators/pair-with-previous.js';
import { estimateMotion } from '../../src/pipeline/operators/estimate-motion.js';

function crop(image: RgbImage, x0: number, y0: number, w: number, h: number): RgbImage {
  const out = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++) out.set(image.data.subarray(((y0 + y) * image.width + x0) * 3, ((y0 + y) * image.width + x0 + w) * 3), y * w * 3);
  return rgbImage(w, h, out);
}

describe('optical flow on a worker thread', () => {
  it.runIf(hasShared)('gives exactly the main thread flow of a real panned photograph, and leaves the frames intact', async () => {
    const big = await photo('chelsea.png', 400, 260);
    const prev = crop(big, 40, 40, 320, 180);
    const next = crop(big, 43, 41, 320, 180);
    const thread = new FlowThread();
    try {
      const [a, b] = [lumaBytes(next), lumaBytes(prev)];
      const before = a.data.slice();
      const [backward, forward] = await Promise.all([thread.flow(a, b), thread.flow(b, a)]);
      expect(backward.data).toEqual((await farnebackFlow(next, prev)).data);
      expect(forward.data).toEqual((await farnebackFlow(prev, next)).data);
      // The pan: content moves 3 px left and 1 px up, so the flow points right and down.
      const meanDx = backward.data.filter((_, i) => i % 2 === 0).reduce((s, v) => s + v, 0) / (320 * 180);
      expect(meanDx).toBeGreaterThan(2);
      expect(a.data).toEqual(before);
    } finally {
      await thread.close();
    }
  });

  it.runIf(hasShared)("the pipeline reuses each frame's luma in the next pair and gets exactly the flow of each pair", async () => {
    const big = await photo('chelsea.png', 400, 260);
    const frames = [0, 1, 2, 3].map((t) => crop(big, 40 + 3 * t, 40 + t, 160, 96));
    const moving = await lastValueFrom(from(frames).pipe(pairWithPrevious(), estimateMotion({ enabled: true, firstToDream: 0, minTrust: 0 }), toArray()));
    for (let t = 1; t < frames.length; t++) expect(moving[t]!.motion!.backward.data).toEqual((await farnebackFlow(frames[t]!, frames[t - 1]!)).data);
  });

  it('rejects a request OpenCV cannot do with a message, and keeps answering', async () => {
    const thread = new FlowThread();
    try {
      const small = lumaBytes(rgbImage(64, 48, new Float32Array(64 * 48 * 3).fill(0.5)));
      await expect(thread.flow(small, lumaBytes(rgbImage(32, 24, new Float32Array(32 * 24 * 3))))).rejects.toThrow(/optical flow 64x48 from 32x24 failed/);
      const flow = await thread.flow(small, small);
      expect([flow.width, flow.height, flow.data.length]).toEqual([64, 48, 64 * 48 * 2]);
    } finally {
      await thread.close();
    }
  });

  it('the pipeline loads OpenCV only on the flow thread', () => {
    const loaded = [...staticImports('src/pipeline/render.ts'), ...staticImports('src/pipeline/video-sources.ts')];
    expect(loaded).not.toContain('@techstark/opencv-js');
    expect([...staticImports('src/flow/flow-worker.ts')]).toContain('@techstark/opencv-js');
  });
});
