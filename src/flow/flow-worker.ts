import type { GrayImage } from '../image/image.js';
import { serveRequests } from '../threads/serve-requests.js';
import { farnebackFlowOfLuma } from './farneback.js';

/** The worker side of flow-thread.ts: OpenCV loads here, off the thread that drives the dream. */
export interface FlowRequest {
  readonly id: number;
  readonly to: GrayImage;
  readonly from: GrayImage;
}

serveRequests<FlowRequest>(
  async ({ to, from }) => {
    const flow = await farnebackFlowOfLuma(to, from);
    return { reply: { flow }, transfer: [flow.data.buffer as ArrayBuffer] };
  },
  // OpenCV's wasm throws bare numbers (exception pointers); say what was asked.
  ({ to, from }, e) =>
    `optical flow ${to.width}x${to.height} from ${from.width}x${from.height} failed: ${e instanceof Error ? e.message : `OpenCV error ${String(e)}`}`,
);
