import { cancelKey, chunkJobId } from './payload.js';
import { viewRender, type Farm } from './queue-view.js';

/**
 * Marks the render cancelled (workers running its chunks stop within seconds, their frames kept
 * in the checkpoint) and removes the chunks no worker has taken yet.
 */
export async function cancelRender(farm: Farm, renderId: string): Promise<number> {
  const view = await viewRender(farm, renderId);
  await farm.redis.set(cancelKey(renderId), '1', 'EX', 7 * 24 * 3600);
  let removed = 0;
  for (const chunk of view.chunks) {
    if (!['waiting', 'delayed', 'prioritized'].includes(chunk.state)) continue;
    removed += await farm.queue.remove(chunkJobId(renderId, chunk.index));
  }
  return removed;
}
