import { accessSync, constants, existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import { joinSegments } from './join.js';
import { pathViolation } from './confine.js';
import { parseJobData } from './payload-schema.js';
import { THUMB_TTL_SECONDS, thumbKey } from './thumbnail.js';
import type { FromChunk } from './chunk-messages.js';
import { ChunkFailed, runChunkProcess, type ChunkRun } from './run-chunk.js';
import {
  cancelKey,
  connectionOptions,
  farmMarker,
  incompatibility,
  lockMs,
  QUEUE,
  segmentPath,
  type ChunkJobData,
  type ChunkProgress,
  type JoinJobData,
} from './payload.js';

export interface FarmWorkerOptions {
  readonly url: string;
  readonly concurrency: number;
  /** The chunk process's entry file (it lives with the CLI, which wires model and settings). */
  readonly chunkEntry: string;
  readonly log: (line: string) => void;
  /** Real path of the folder every path of a job must lead into (the shared storage's mount). */
  readonly root: string;
}

export interface FarmWorker {
  readonly name: string;
  /** Connected to Redis and taking jobs. */
  readonly ready: Promise<void>;
  /** Stops the chunks in progress (finished frames stay checkpointed), hands them back to the queue, closes. */
  stop(): Promise<void>;
}

function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** Checks that need no dreaming; each failure is final (retrying on this worker cannot help). */
function refuse(data: ChunkJobData, name: string): void {
  const { render } = data;
  if (!readable(render.input))
    throw new UnrecoverableError(
      `worker ${name} cannot read the input ${render.input}: every worker needs the clip and the output folder at the same path (shared storage)`,
    );
}

/**
 * The job's data once parsed and checked, before anything of it is read or written: a payload of
 * the wrong shape or with options the render options schema refuses (payload-schema.ts), another
 * settings version, or a path outside the root fails the job for good, its reason in the job's failure.
 */
function admit(job: Job, o: FarmWorkerOptions): ChunkJobData | JoinJobData {
  const parsed = parseJobData(job.name, job.data);
  if (!parsed.ok) throw new UnrecoverableError(`job ${job.id}: ${parsed.reason}`);
  const why = incompatibility(parsed.data.render) ?? pathViolation(String(job.id), parsed.data, o.root);
  if (why) throw new UnrecoverableError(why);
  return parsed.data;
}

/**
 * Stores a chunk's latest thumbnail (small raw RGB; the dashboard makes the JPEG, so no worker
 * spends time on encoding). All of it is synchronous here, so its time is exactly its cost.
 */
function publishThumbnail(
  redis: Redis,
  renderId: string,
  chunk: number,
  m: Extract<FromChunk, { type: 'thumb' }>,
  cost: { chunkMs: number; workerMs: number; thumbs: number },
): void {
  const began = performance.now();
  const key = thumbKey(renderId, chunk);
  const stored = redis
    .multi()
    .hset(key, { rgb: Buffer.from(m.rgb, 'base64'), width: m.width, height: m.height, frame: m.frame, at: Date.now() })
    .expire(key, THUMB_TTL_SECONDS)
    .exec();
  stored.catch(() => {}); // a nicety: a lost thumbnail is replaced within a second
  cost.chunkMs += m.ms;
  cost.workerMs += performance.now() - began;
  cost.thumbs++;
}

/** The thumbnails' cost against the frames' time: the chunk's share (it delays the dream) and this worker's. */
const thumbnailCost = (c: { frameMs: number; chunkMs: number; workerMs: number; thumbs: number }): string =>
  `${c.thumbs} thumbnail(s) cost ${c.chunkMs.toFixed(1)} ms in the chunk + ${c.workerMs.toFixed(1)} ms in the worker over ${c.frameMs.toFixed(0)} ms of frames (${((100 * c.chunkMs) / Math.max(1, c.frameMs)).toFixed(2)}% + ${((100 * c.workerMs) / Math.max(1, c.frameMs)).toFixed(2)}%)`;

/** What every chunk of one worker shares. */
interface WorkerState {
  readonly name: string;
  readonly runs: Set<ChunkRun>;
  readonly redis: Redis;
  readonly o: FarmWorkerOptions;
}

/** One chunk in its own process; a stopped worker hands it back to the queue, a cancelled render drops it. */
async function runChunk(w: WorkerState, job: Job, data: ChunkJobData, token: string | undefined): Promise<unknown> {
  const { name, runs, redis, o } = w;
  const { render, chunk: c } = data;
  refuse(data, name);
  const frames = c.end - c.start;
  // A duplicate or a late retry: the segment is whole (renamed when complete), or the render is gone.
  if (existsSync(segmentPath(render, c.index)) || !existsSync(farmMarker(render.output))) return { frames, worker: name, skipped: true };
  if (await redis.exists(cancelKey(render.renderId))) throw new UnrecoverableError('cancelled');
  o.log(`chunk ${c.index + 1}/${render.chunks} of ${render.renderId}: frames ${c.start + 1}-${c.end}${c.preroll ? ` after ${c.preroll} preroll` : ''}`);
  const report = (p: Omit<ChunkProgress, 'worker' | 'frames'>): void =>
    void job.updateProgress({ worker: name, frames, ...p } satisfies ChunkProgress).catch(() => {});
  report({ done: 0 });
  const cost = { frameMs: 0, chunkMs: 0, workerMs: 0, thumbs: 0 };
  const run = runChunkProcess(o.chunkEntry, data, (m) => {
    if (m.type === 'loaded') {
      if (m.restored) o.log(`chunk ${c.index + 1}/${render.chunks} of ${render.renderId}: resuming after ${m.restored} checkpointed frame(s)`);
      report({ done: Math.max(0, m.restored - c.preroll) });
    }
    if (m.type === 'frame') cost.frameMs += m.ms;
    // For bench:soak, which counts how often each frame was dreamed across kills.
    if (m.type === 'frame' && process.env.DREAMREEL_FARM_TRACE)
      o.log(`chunk ${c.index + 1}/${render.chunks} of ${render.renderId}: dreamed frame ${c.start - c.preroll + m.index + 1}`);
    if (m.type === 'frame' && !m.preroll) report({ done: m.done, loss: m.loss, ms: m.ms });
    if (m.type === 'thumb') publishThumbnail(redis, render.renderId, c.index, m, cost);
  });
  runs.add(run);
  let cancelled = false;
  const poll = setInterval(
    () =>
      void redis.exists(cancelKey(render.renderId)).then(
        (n) => n && ((cancelled = true), run.stop()),
        () => {},
      ),
    2000,
  );
  let outcome: 'done' | 'stopped';
  try {
    outcome = await run.result;
  } catch (e) {
    if (existsSync(segmentPath(render, c.index))) return { frames, worker: name, skipped: true };
    throw e instanceof ChunkFailed && e.user ? new UnrecoverableError(e.message) : e;
  } finally {
    clearInterval(poll);
    runs.delete(run);
  }
  if (cancelled) throw new UnrecoverableError('cancelled');
  if (outcome === 'stopped') {
    // Back to the queue at once, not after the lock expires; this is no failed attempt.
    await job.moveToWait(token);
    throw new WaitingError();
  }
  o.log(`chunk ${c.index + 1}/${render.chunks} of ${render.renderId} done${cost.thumbs ? `; ${thumbnailCost(cost)}` : ''}`);
  return { frames, worker: name };
}

export function startFarmWorker(o: FarmWorkerOptions): FarmWorker {
  const name = `${hostname()}#${process.pid}`;
  const runs = new Set<ChunkRun>();
  const redis = new Redis(connectionOptions(o.url));
  redis.on('error', () => {}); // reconnects by itself; BullMQ reports on the worker
  let stopping = false;

  const processor = async (job: Job, token?: string): Promise<unknown> => {
    const data = admit(job, o);
    if (job.name === 'join') {
      const { render, chunks } = data as JoinJobData;
      o.log(`joining ${render.chunks} chunk(s) into ${render.output}`);
      await joinSegments(render, chunks);
      o.log(`wrote ${render.output}`);
      return { output: render.output };
    }
    return runChunk({ name, runs, redis, o }, job, data as ChunkJobData, token);
  };

  const lock = lockMs();
  const worker = new Worker(QUEUE, processor, {
    connection: connectionOptions(o.url),
    concurrency: o.concurrency,
    lockDuration: lock,
    stalledInterval: lock,
    maxStalledCount: 3,
    autorun: true,
  });
  worker.on('failed', (job, err) => o.log(`job ${job?.id} failed: ${err.message}`));
  worker.on('error', (err) => o.log(`redis: ${err.message}`));
  return {
    name,
    ready: worker.waitUntilReady().then(() => undefined),
    stop: async () => {
      if (stopping) return;
      stopping = true;
      const closed = worker.close();
      for (const run of runs) run.stop();
      await closed;
      redis.disconnect();
    },
  };
}
