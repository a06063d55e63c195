import type { GrayImage } from '../image/image.js';
import { siblingModule } from '../threads/module-worker.js';
import { RequestWorker } from '../threads/request-worker.js';
import type { FlowField } from './flow-field.js';

/**
 * Farnebäck flow (farneback.ts) on a worker thread: the flow of the next frames then runs
 * beside the dream of this one instead of between its steps on the main thread, and the main
 * thread never loads OpenCV.
 */
export class FlowThread {
  private readonly thread = new RequestWorker(siblingModule(import.meta.url, 'flow-worker'), 'the optical flow thread');

  /**
   * Dense flow from `to` back to `from`, as farnebackFlow computes it from their RGB. Sent as luma
   * (lumaBytes): the thread needs no more, and 8-bit gray is a twelfth of a frame's floats to copy.
   */
  async flow(to: GrayImage, from: GrayImage): Promise<FlowField> {
    return (await this.thread.request<{ flow: FlowField }>({ to, from })).flow;
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}

let shared: FlowThread | undefined;

/** farnebackFlow on the process's one flow thread, started on first use. */
export function farnebackFlowOffThread(to: GrayImage, from: GrayImage): Promise<FlowField> {
  shared ??= new FlowThread();
  return shared.flow(to, from);
}
