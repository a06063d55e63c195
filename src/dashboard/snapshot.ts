import { basename } from 'node:path';
import { connectedWorkers, failure, listRenders, thumbnailStamps, type Farm, type RenderView, type Thumbnail } from '../pipeline/farm/queue-view.js';
import { FrameRates } from './frame-rates.js';

/** One chunk as the page draws it. */
export interface ChunkCard {
  readonly index: number;
  readonly state: string;
  readonly frames: number;
  readonly done: number;
  readonly worker?: string;
  readonly msPerFrame?: number;
  readonly failedReason?: string;
  readonly thumb?: Thumbnail;
}

export interface RenderCard {
  readonly id: string;
  readonly input: string;
  readonly output: string;
  readonly state: 'queued' | 'rendering' | 'joining' | 'done' | 'failed' | 'cancelled';
  readonly frames: number;
  readonly done: number;
  readonly width: number;
  readonly height: number;
  readonly fpm: number;
  readonly etaSeconds?: number;
  readonly failure?: string;
  readonly chunks: readonly ChunkCard[];
}

/** A worker busy with a chunk, as the farm's jobs tell it. */
export interface WorkerCard {
  readonly name: string;
  readonly renderId: string;
  readonly chunk: number;
  readonly chunks: number;
  readonly done: number;
  readonly frames: number;
  readonly msPerFrame?: number;
  readonly thumb?: Thumbnail;
}

export interface Snapshot {
  readonly renders: readonly RenderCard[];
  readonly workers: readonly WorkerCard[];
  /** Workers connected to the queue, idle ones included (absent when the Redis user may not list clients). */
  readonly connected?: number;
}

function stateOf(v: RenderView): RenderCard['state'] {
  if (v.cancelled) return 'cancelled';
  if (failure(v)) return 'failed';
  if (v.state === 'completed') return 'done';
  if (v.state !== 'waiting-children') return 'joining';
  return v.done > 0 || v.chunks.some((c) => c.state === 'active') ? 'rendering' : 'queued';
}

async function renderCard(farm: Farm, v: RenderView, rates: FrameRates, now: number): Promise<RenderCard> {
  const id = v.render.renderId;
  const stamps = await thumbnailStamps(farm, id, v.chunks.length);
  const state = stateOf(v);
  const fpm = state === 'rendering' ? rates.sample(id, v.done, now) : 0;
  const why = failure(v);
  const chunks = v.chunks.map((c, i): ChunkCard => ({
    index: c.index,
    state: c.state,
    frames: c.frames,
    done: c.done,
    ...(c.worker ? { worker: c.worker } : {}),
    ...(c.ms !== undefined ? { msPerFrame: Math.round(c.ms) } : {}),
    ...(c.failedReason ? { failedReason: c.failedReason.split('\n')[0] } : {}),
    ...(stamps[i] ? { thumb: stamps[i] } : {}),
  }));
  return {
    id,
    input: basename(v.render.input),
    output: v.render.output,
    state,
    frames: v.render.frames,
    done: v.done,
    width: v.render.width,
    height: v.render.height,
    fpm,
    ...(fpm > 0 ? { etaSeconds: Math.round(((v.render.frames - v.done) / fpm) * 60) } : {}),
    ...(why ? { failure: why.split('\n')[0] } : {}),
    chunks,
  };
}

function workersOf(renders: readonly RenderCard[]): WorkerCard[] {
  return renders.flatMap((r) =>
    r.chunks
      .filter((c) => c.state === 'active' && c.worker)
      .map((c) => ({
        name: c.worker!,
        renderId: r.id,
        chunk: c.index + 1,
        chunks: r.chunks.length,
        done: c.done,
        frames: c.frames,
        ...(c.msPerFrame !== undefined ? { msPerFrame: c.msPerFrame } : {}),
        ...(c.thumb ? { thumb: c.thumb } : {}),
      })),
  );
}

/** Everything the page shows, read from the farm's queue in one pass. */
export async function takeSnapshot(farm: Farm, rates: FrameRates, now = Date.now()): Promise<Snapshot> {
  const views = await listRenders(farm);
  const renders = await Promise.all(views.map((v) => renderCard(farm, v, rates, now)));
  rates.keepOnly(renders.map((r) => r.id));
  const connected = await connectedWorkers(farm).catch(() => undefined);
  return { renders, workers: workersOf(renders), ...(connected !== undefined ? { connected } : {}) };
}
