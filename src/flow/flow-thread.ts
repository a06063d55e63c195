import { Worker } from 'node:worker_threads';
import type { RgbImage } from '../image/image.js';
import type { FlowField } from './flow-field.js';

type FlowReply = { id: number; flow: FlowField; error?: undefined } | { id: number; error: string };

/**
 * Farnebäck flow (farneback.ts) on a worker thread: the flow of the next frames then runs
 * beside the dream of this one instead of between its steps on the main thread, and the main
 * thread never loads OpenCV. From the TypeScript sources (tests, benches) the worker compiles
 * its module with tsx; from dist/ it runs the built .js.
 */
export class FlowThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, { resolve: (f: FlowField) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  private start(): Worker {
    const fromSource = import.meta.url.endsWith('.ts');
    const entry = new URL(fromSource ? './flow-worker.ts' : './flow-worker.js', import.meta.url);
    const worker = fromSource
      ? new Worker(`import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(import.meta.url)}))`, { eval: true })
      : new Worker(entry);
    worker.on('message', (reply: FlowReply) => this.settle(reply));
    worker.on('error', (e) => this.failAll(e));
    worker.on('exit', (code) => this.failAll(new Error(`the optical flow thread exited (code ${code})`)));
    return worker;
  }

  /** Dense flow from `to` back to `from`, as farnebackFlow computes it. */
  flow(to: RgbImage, from: RgbImage): Promise<FlowField> {
    this.worker ??= this.start();
    // Held while it owes an answer, so the process waits for it; idle, it never keeps one alive.
    if (this.pending.size === 0) this.worker.ref();
    const id = this.nextId++;
    return new Promise<FlowField>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker!.postMessage({ id, to, from });
    });
  }

  private settle(reply: FlowReply): void {
    const waiting = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (reply.error !== undefined) waiting?.reject(new Error(reply.error));
    else waiting?.resolve(reply.flow);
  }

  private failAll(e: Error): void {
    this.worker = undefined;
    for (const { reject } of this.pending.values()) reject(e);
    this.pending.clear();
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}

let shared: FlowThread | undefined;

/** farnebackFlow on the process's one flow thread, started on first use. */
export function farnebackFlowOffThread(to: RgbImage, from: RgbImage): Promise<FlowField> {
  shared ??= new FlowThread();
  return shared.flow(to, from);
}
