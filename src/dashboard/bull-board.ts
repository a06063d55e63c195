import type { FastifyInstance } from 'fastify';
import type { Farm } from '../pipeline/farm/queue-view.js';

/** Bull Board (BullMQ's own web view) over the farm's queue, for the raw jobs: loaded only when the dashboard starts. */
export async function mountBullBoard(app: FastifyInstance, farm: Farm, basePath: string): Promise<void> {
  const [{ createBullBoard }, { BullMQAdapter }, { FastifyAdapter }] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullMQAdapter'),
    import('@bull-board/fastify'),
  ]);
  const adapter = new FastifyAdapter();
  adapter.setBasePath(basePath);
  createBullBoard({ queues: [new BullMQAdapter(farm.queue)], serverAdapter: adapter, options: { uiConfig: { boardTitle: 'dreamreel farm' } } });
  await app.register(adapter.registerPlugin() as Parameters<FastifyInstance['register']>[0], { prefix: basePath });
}
