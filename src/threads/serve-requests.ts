import { parentPort, type Transferable } from 'node:worker_threads';

/** An answer to one request: the reply's fields and what to transfer rather than copy. */
export interface Answer {
  readonly reply: Record<string, unknown>;
  readonly transfer?: readonly Transferable[];
}

/**
 * The worker side of RequestWorker: answers each request with `handle`'s result, or with the
 * message `describe` makes of its failure, always under the request's id.
 */
export function serveRequests<Q extends { readonly id: number }>(
  handle: (request: Q) => Promise<Answer>,
  describe: (request: Q, error: unknown) => string,
): void {
  parentPort!.on('message', (request: Q) => void answer(request, handle, describe));
}

async function answer<Q extends { readonly id: number }>(
  request: Q,
  handle: (request: Q) => Promise<Answer>,
  describe: (request: Q, error: unknown) => string,
): Promise<void> {
  try {
    const { reply, transfer = [] } = await handle(request);
    parentPort!.postMessage({ ...reply, id: request.id }, transfer);
  } catch (e) {
    parentPort!.postMessage({ id: request.id, error: describe(request, e) });
  }
}
