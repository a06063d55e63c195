import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { DreamreelError } from '../../errors.js';
import { thumbKey } from './thumbnail.js';
import { cancelKey, chunkJobId, connectionOptions, QUEUE, type ChunkJobData, type ChunkProgress, type JoinJobData, type RenderSpec } from './payload.js';

export interface ChunkView {
  readonly index: number;
  readonly state: string;
  readonly frames: number;
  readonly done: number;
  readonly worker?: string;
  readonly loss?: number;
  readonly ms?: number;
  readonly failedReason?: string;
}

export interface RenderView {
  readonly render: RenderSpec;
  /** The join job's state: waiting-children while chunks run, then waiting, active, completed or failed. */
  readonly state: string;
  readonly failedReason?: string;
  readonly cancelled: boolean;
  readonly chunks: readonly ChunkView[];
  readonly done: number;
}

/** The queue, and a plain client for dreamreel's own keys (cancel marks). */
export interface Farm {
  readonly queue: Queue;
  readonly redis: Redis;
  close(): Promise<void>;
}

export function openFarm(url: string): Farm {
  const queue = new Queue(QUEUE, { connection: connectionOptions(url) });
  const redis = new Redis(connectionOptions(url));
  queue.on('error', () => {}); // reconnects by itself
  redis.on('error', () => {});
  return { queue, redis, close: async () => void (await queue.close(), redis.disconnect()) };
}

async function chunkView(queue: Queue, renderId: string, index: number): Promise<ChunkView> {
  const job = (await queue.getJob(chunkJobId(renderId, index))) as Job<ChunkJobData> | undefined;
  if (!job) return { index, state: 'removed', frames: 0, done: 0 };
  const frames = job.data.chunk.end - job.data.chunk.start;
  const state = await job.getState();
  const p = (typeof job.progress === 'object' ? job.progress : {}) as Partial<ChunkProgress>;
  return {
    index,
    state,
    frames,
    done: state === 'completed' ? frames : Math.min(frames, p.done ?? 0),
    ...(p.worker ? { worker: p.worker } : {}),
    ...(p.loss !== undefined ? { loss: p.loss } : {}),
    ...(p.ms !== undefined ? { ms: p.ms } : {}),
    ...(state === 'failed' && job.failedReason ? { failedReason: job.failedReason } : {}),
  };
}

/** Where one farm render stands, read from its jobs. */
export async function viewRender({ queue, redis }: Farm, renderId: string): Promise<RenderView> {
  const parent = (await queue.getJob(renderId)) as Job<JoinJobData> | undefined;
  if (!parent || parent.name !== 'join') throw new DreamreelError(`no farm render ${renderId} in this Redis (dreamreel status lists them)`);
  const { render } = parent.data;
  const state = await parent.getState();
  const chunks = await Promise.all(Array.from({ length: render.chunks }, (_, i) => chunkView(queue, renderId, i)));
  const cancelled = (await redis.exists(cancelKey(renderId))) === 1;
  return {
    render,
    state,
    cancelled,
    chunks,
    done: chunks.reduce((s, c) => s + c.done, 0),
    ...(parent.failedReason ? { failedReason: parent.failedReason } : {}),
  };
}

/** Every farm render the queue still holds, newest first. */
export async function listRenders(farm: Farm): Promise<RenderView[]> {
  const jobs = await farm.queue.getJobs(['waiting-children', 'waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized']);
  const ids = [
    ...new Set(
      jobs
        .filter((j) => j.name === 'join')
        .sort((a, b) => b.timestamp - a.timestamp)
        .map((j) => j.id!),
    ),
  ];
  return Promise.all(ids.map((id) => viewRender(farm, id)));
}

/** The first failed chunk's reason, or the join's. */
export function failure(view: RenderView): string | undefined {
  const chunk = view.chunks.find((c) => c.failedReason);
  if (chunk) return `chunk ${chunk.index + 1}/${view.chunks.length} failed${chunk.worker ? ` on ${chunk.worker}` : ''}: ${chunk.failedReason}`;
  if (view.state === 'failed') return `the join failed: ${view.failedReason ?? 'unknown reason'}`;
  return undefined;
}

/** The latest thumbnail of one chunk (a small JPEG its worker published), or undefined. */
export interface Thumbnail {
  readonly frame: number;
  readonly at: number;
}

/** When each chunk's latest thumbnail was made (cheap: no pictures read). */
export async function thumbnailStamps({ redis }: Farm, renderId: string, chunks: number): Promise<(Thumbnail | undefined)[]> {
  const pipeline = redis.pipeline();
  for (let i = 0; i < chunks; i++) pipeline.hmget(thumbKey(renderId, i), 'frame', 'at');
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([, v]) => {
    const [frame, at] = (v ?? []) as (string | null)[];
    return frame && at ? { frame: Number(frame), at: Number(at) } : undefined;
  });
}

/** The pixels of a chunk's latest thumbnail: 8-bit RGB, at most THUMB_SIDE on its longest side. */
export async function thumbnailPixels({ redis }: Farm, renderId: string, chunk: number): Promise<{ rgb: Buffer; width: number; height: number } | undefined> {
  const [rgb, width, height] = await redis.hmgetBuffer(thumbKey(renderId, chunk), 'rgb', 'width', 'height');
  const w = Number(width?.toString());
  const h = Number(height?.toString());
  return rgb && Number.isInteger(w) && Number.isInteger(h) && w > 0 && h > 0 && rgb.length === w * h * 3 ? { rgb, width: w, height: h } : undefined;
}

/** Workers connected to the queue, busy or idle (BullMQ names their connections). */
export async function connectedWorkers({ queue }: Farm): Promise<number> {
  return (await queue.getWorkers()).length;
}
