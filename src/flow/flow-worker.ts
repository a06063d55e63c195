import { parentPort } from 'node:worker_threads';
import type { RgbImage } from '../image/image.js';
import { farnebackFlow } from './farneback.js';

/** The worker side of flow-thread.ts: OpenCV loads here, off the thread that drives the dream. */
export interface FlowRequest {
  readonly id: number;
  readonly to: RgbImage;
  readonly from: RgbImage;
}

parentPort!.on('message', (request: FlowRequest) => void answer(request));

async function answer({ id, to, from }: FlowRequest): Promise<void> {
  try {
    const flow = await farnebackFlow(to, from);
    parentPort!.postMessage({ id, flow }, [flow.data.buffer as ArrayBuffer]);
  } catch (e) {
    // OpenCV's wasm throws bare numbers (exception pointers); say what was asked.
    const message = e instanceof Error ? e.message : `OpenCV error ${String(e)}`;
    parentPort!.postMessage({ id, error: `optical flow ${to.width}x${to.height} from ${from.width}x${from.height} failed: ${message}` });
  }
}
