import type { Transferable, Worker } from 'node:worker_threads';
import { startModuleWorker } from './module-worker.js';

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

/** What a worker answers a request with: its `id`, then the result's fields, or an error message. */
export type Reply = { readonly id: number; readonly error?: string } & Record<string, unknown>;

/**
 * A worker thread that answers requests (see serveRequests): started on first use, held while
 * it owes an answer (so the process waits for it), and never keeping an idle process alive.
 */
export class RequestWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(
    private readonly entry: URL,
    /** Names the thread in the error when it dies: "the optical flow thread". */
    private readonly what: string,
  ) {}

  private start(): Worker {
    const worker = startModuleWorker(this.entry);
    worker.on('message', (reply: Reply) => this.settle(reply));
    worker.on('error', (e) => this.failAll(e));
    worker.on('exit', (code) => this.failAll(new Error(`${this.what} exited (code ${code})`)));
    worker.unref();
    return worker;
  }

  /** Posts `message` with a fresh id; resolves with the worker's reply to it. */
  request<R>(message: Record<string, unknown>, transfer: readonly Transferable[] = []): Promise<R> {
    this.worker ??= this.start();
    if (this.pending.size === 0) this.worker.ref();
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker!.postMessage({ ...message, id }, transfer);
    });
  }

  private settle(reply: Reply): void {
    const waiting = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (reply.error !== undefined) waiting?.reject(new Error(reply.error));
    else waiting?.resolve(reply);
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
