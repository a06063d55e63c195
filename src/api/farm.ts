import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Observable } from 'rxjs';
import { DreamreelError } from '../errors.js';
import { DEFAULT_MODEL } from '../dream/models/registry.js';
import { Checkpoint } from '../pipeline/checkpoint.js';
import { planClip } from '../pipeline/clip-plan.js';
import { FrameEncoder } from '../pipeline/encoder.js';
import type { RenderEvent } from '../pipeline/events.js';
import { cancelRender } from '../pipeline/farm/cancel.js';
import { findCuts } from '../pipeline/farm/cuts.js';
import { followRender } from '../pipeline/farm/follow.js';
import { DREAMREEL_VERSION, FARM_SETTINGS_VERSION, farmMarker, type RenderSpec } from '../pipeline/farm/payload.js';
import { planChunks } from '../pipeline/farm/plan.js';
import { failure, listRenders, openFarm, viewRender, type RenderView } from '../pipeline/farm/queue-view.js';
import { ensureReachable } from '../pipeline/farm/reachable.js';
import { newRenderId, submitRender } from '../pipeline/farm/submit.js';
import { startFarmWorker, type FarmWorker } from '../pipeline/farm/worker.js';
import { absolutePathOptions, realRoot } from '../pipeline/farm/confine.js';
import { parseSize, renderOptions, splitScheduled, type FarmOptionsOut, type RenderOptionsOut } from '../options/index.js';
import { frameSchedules } from '../pipeline/frame-schedules.js';
import { scheduleContext } from '../schedule/index.js';
import { layersText } from '../options/layers.js';
import { checkFrameOutput } from './render.js';
import { planMask } from '../pipeline/mask-plan.js';
import { absoluteMasks } from './masks.js';
import { existingFile } from './checks.js';

/** What the farm cannot do, refused before the clip is decoded or counted. */
export function checkFarmable(output: string, o: RenderOptionsOut): void {
  const format = FrameEncoder.formatOf(output);
  if (!['mp4', 'mkv', 'mov'].includes(format))
    throw new DreamreelError(`a farm render writes .mp4, .mkv or .mov (H.264 segments joined without re-encoding), not .${format}`);
  if (o.fps !== undefined) throw new DreamreelError("--fps is not available with --redis yet: the farm keeps the clip's frame rate");
  if (typeof o.audio === 'string') throw new DreamreelError('--audio FILE cannot be combined with --redis yet: render the song locally');
  if (o.framesDir !== undefined)
    throw new DreamreelError("--frames-dir is not available with --redis: every chunk's frames are in the output's checkpoint folder");
  if (existsSync(farmMarker(output)) && !o.resume && !o.restart)
    throw new DreamreelError(
      `an unfinished farm render of ${output} is in ${Checkpoint.dirFor(output)}: add --resume to continue it, or --restart to start over`,
    );
}

/** The render as plain data for the workers: the clip planned here, the options as parsed (they parse them back). */
async function farmSpec(
  input: string,
  o: RenderOptionsOut & { output: string },
  farm: FarmOptionsOut,
): Promise<{ render: RenderSpec; chunks: ReturnType<typeof planChunks> }> {
  const size = o.size === undefined ? undefined : parseSize(o.size);
  const clip = await planClip(existingFile('input', input), {
    ...(size ? { size } : {}),
    ...(o.start !== undefined ? { start: o.start } : {}),
    ...(o.duration !== undefined ? { duration: o.duration } : {}),
  });
  const { width, height, fps, frames, info, range } = clip;
  // Mask files by absolute path (workers may start elsewhere), checked here and remembered by content.
  const masked = absoluteMasks(o);
  const mask = await planMask(masked, { width, height, fps, frames, ...range, output: resolve(o.output) }, o.flow ? undefined : 'it needs --flow on');
  const identity = {
    input: resolve(input),
    bytes: statSync(input).size,
    flow: o.flow,
    start: clip.start,
    duration: clip.duration,
    ...mask.identity,
    objective: o.layerSchedule ?? (o.layers ? layersText(o.layers) : undefined),
    model: o.model ?? DEFAULT_MODEL,
  };
  // A bad schedule is refused here, in one line, not by every worker.
  frameSchedules(splitScheduled(o, renderOptions).schedules, scheduleContext(fps, frames));
  const cuts = o.flow ? await findCuts(resolve(input), { width, height, ...range }) : [];
  const chunks = planChunks(frames, cuts, farm.chunkFrames, o.flow ? farm.preroll : 0, o.flow ? farm.seamFrames : 0);
  const { output: _output, resume: _resume, restart: _restart, ...given } = masked;
  // Relative paths (--guide, a model file …) mean the same file on every worker only once absolute.
  const options = absolutePathOptions(given);
  const planKey = createHash('sha256')
    .update(JSON.stringify([FARM_SETTINGS_VERSION, identity, options, chunks]))
    .digest('hex')
    .slice(0, 12);
  const render: RenderSpec = {
    settingsVersion: FARM_SETTINGS_VERSION,
    dreamreel: DREAMREEL_VERSION,
    renderId: newRenderId(),
    input: resolve(input),
    output: resolve(o.output),
    width,
    height,
    fps,
    frames,
    flow: o.flow,
    chunks: chunks.length,
    planKey,
    options,
    identity,
    ...range,
    ...(o.audio && info.audioCodec ? { audioCodec: info.audioCodec } : {}),
  };
  return { render, chunks };
}

/** Splits the clip at cuts and every `chunkFrames`, and queues it; resolves with the render's id. */
export async function submitFarmRender(
  url: string,
  input: string,
  o: RenderOptionsOut,
  farm: FarmOptionsOut,
): Promise<{ renderId: string; frames: number; chunks: number }> {
  const output = checkFrameOutput(input, o, { surface: 'cli' }, 'render', 'dream.mp4');
  checkFarmable(resolve(output), o);
  await ensureReachable(url);
  if (o.restart) await Checkpoint.discard(resolve(output));
  const { render, chunks } = await farmSpec(input, { ...o, output }, farm);
  await submitRender(url, render, chunks);
  return { renderId: render.renderId, frames: render.frames, chunks: chunks.length };
}

export interface FollowHooks {
  readonly emit: (e: RenderEvent) => void;
  readonly note: (line: string) => void;
  /** Stops following (the render goes on on the farm). */
  readonly stop$: Observable<void>;
}

/** Follows a farm render's progress until it is written, or until stop$ ('detached'). */
export async function followFarmRender(url: string, renderId: string, hooks: FollowHooks): Promise<Awaited<ReturnType<typeof followRender>>> {
  await ensureReachable(url);
  const farm = openFarm(url);
  try {
    return await followRender(farm, renderId, hooks);
  } finally {
    await farm.close();
  }
}

/** A farm render's state as `status` shows it. */
export interface FarmRenderState {
  readonly view: RenderView;
  readonly failure: string | undefined;
}

/** Every farm render in this Redis, or one. */
export async function farmStatus(url: string, id?: string): Promise<FarmRenderState[]> {
  await ensureReachable(url);
  const farm = openFarm(url);
  try {
    const views = id ? [await viewRender(farm, id)] : await listRenders(farm);
    return views.map((view) => ({ view, failure: failure(view) }));
  } finally {
    await farm.close();
  }
}

/** Cancels a farm render: queued chunks dropped (their count returned), running ones stop within seconds. */
export async function cancelFarmRender(url: string, id: string): Promise<number> {
  await ensureReachable(url);
  const farm = openFarm(url);
  try {
    return await cancelRender(farm, id);
  } finally {
    await farm.close();
  }
}

/** The chunk process's entry beside this build: farm-chunk.js, or farm-chunk.ts when run from source. */
const chunkEntry = (): string => fileURLToPath(new URL(`./farm-chunk${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

/**
 * A worker taking chunks from the farm's queue, each dreamed in its own process, confined to
 * `root` (default: the current folder): every path of a job must lead inside it.
 */
export async function startWorker(
  url: string,
  o: { concurrency: number; root?: string | undefined },
  log: (line: string) => void,
): Promise<FarmWorker & { readonly root: string }> {
  const root = realRoot(o.root ?? process.cwd());
  await ensureReachable(url);
  return Object.assign(startFarmWorker({ url, concurrency: o.concurrency, chunkEntry: chunkEntry(), log, root }), { root });
}

export type { RenderView } from '../pipeline/farm/queue-view.js';
