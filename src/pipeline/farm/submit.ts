import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FlowProducer } from 'bullmq';
import { chunkJobId, connectionOptions, farmMarker, QUEUE, type JoinJobData, type RenderSpec } from './payload.js';
import type { ChunkSpec } from './plan.js';

export const newRenderId = (): string => `dr${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

/**
 * Queues one render as a BullMQ flow: a child job per chunk, then the join as their parent, which
 * BullMQ starts only once every chunk has completed. A chunk that finally fails fails the join.
 */
export async function submitRender(url: string, render: RenderSpec, chunks: readonly ChunkSpec[]): Promise<void> {
  await mkdir(dirname(farmMarker(render.output)), { recursive: true });
  await writeFile(farmMarker(render.output), JSON.stringify({ renderId: render.renderId, redis: url.replace(/\/\/[^@]*@/, '//') }));
  const flow = new FlowProducer({ connection: connectionOptions(url) });
  try {
    await flow.add({
      name: 'join',
      queueName: QUEUE,
      data: { render, chunks } satisfies JoinJobData,
      opts: { jobId: render.renderId, attempts: 3, backoff: { type: 'fixed', delay: 2000 } },
      children: chunks.map((chunk) => ({
        name: 'chunk',
        queueName: QUEUE,
        data: { render, chunk },
        opts: { jobId: chunkJobId(render.renderId, chunk.index), attempts: 3, backoff: { type: 'fixed', delay: 2000 }, failParentOnFailure: true },
      })),
    });
  } finally {
    await flow.close();
  }
}
