import { createRequire } from 'node:module';
import type CvModule from '@techstark/opencv-js';
import { lumaBytes, type GrayImage, type RgbImage } from '../image/image.js';
import type { FlowField } from './flow-field.js';

type Cv = typeof CvModule;
// Loaded with require: ESM interop (vitest's included) awaits a default export that is a
// thenable, and this one resolves to itself forever.
const cvModule = createRequire(import.meta.url)('@techstark/opencv-js') as Cv;
let ready: Promise<void> | undefined;

/**
 * OpenCV's WebAssembly build. The module is a thenable that resolves to itself, so no promise
 * may ever resolve *with* it (that never settles): wait until its runtime has put Mat in place.
 */
function opencvReady(): Promise<void> {
  ready ??= new Promise<void>((resolve) => {
    const poll = (): void => void ((cvModule as { Mat?: unknown }).Mat ? resolve() : setTimeout(poll, 10));
    poll();
  });
  return ready;
}

function grayMat(cv: Cv, image: GrayImage): InstanceType<Cv['Mat']> {
  const mat = new cv.Mat(image.height, image.width, cv.CV_8UC1);
  (mat.data as Uint8Array).set(image.data);
  return mat;
}

/**
 * Dense flow from `to` back to `from`: for every pixel x of `to`, `from` at x + flow(x) shows
 * the same point. Farnebäck's polynomial-expansion method (the one the best older video
 * DeepDream tools use): measured here at 320x180 it recovers a 3 px shift of a real photograph
 * to a fraction of a pixel in about 30 ms on one core, and it installs from npm as wasm, where
 * DIS or RAFT would need native builds or a second network.
 */
export function farnebackFlow(to: RgbImage, from: RgbImage): Promise<FlowField> {
  return farnebackFlowOfLuma(lumaBytes(to), lumaBytes(from));
}

/** farnebackFlow of frames already in luma (what the flow thread is sent). */
export async function farnebackFlowOfLuma(to: GrayImage, from: GrayImage): Promise<FlowField> {
  await opencvReady();
  const cv = cvModule;
  const a = grayMat(cv, to);
  const b = grayMat(cv, from);
  const flow = new cv.Mat();
  try {
    // Pyramid of 4 levels at 0.5 covers motions up to ~30 px at 320 px wide; winsize 15 as OpenCV's sample.
    const levels = Math.max(3, Math.min(6, Math.round(Math.log2(Math.max(to.width, to.height) / 40))));
    cv.calcOpticalFlowFarneback(a, b, flow, 0.5, levels, 15, 3, 5, 1.2, 0);
    return { width: to.width, height: to.height, data: new Float32Array(flow.data32F) };
  } finally {
    a.delete();
    b.delete();
    flow.delete();
  }
}
