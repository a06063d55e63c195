import type { Command } from 'commander';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Subject } from 'rxjs';
import { DreamreelError } from '../errors.js';
import { Checkpoint } from '../pipeline/checkpoint.js';
import { FrameEncoder } from '../pipeline/encoder.js';
import { findCuts } from '../pipeline/farm/cuts.js';
import { followRender } from '../pipeline/farm/follow.js';
import { DREAMREEL_VERSION, FARM_SETTINGS_VERSION, farmMarker, type RenderSpec } from '../pipeline/farm/payload.js';
import { planChunks } from '../pipeline/farm/plan.js';
import { redactUrl } from '../pipeline/farm/redis-url.js';
import { absolutePathFlags } from '../pipeline/farm/confine.js';
import { openFarm } from '../pipeline/farm/queue-view.js';
import { ensureReachable } from '../pipeline/farm/reachable.js';
import { newRenderId, submitRender } from '../pipeline/farm/submit.js';
import { progressSink, type OutputFlags } from './output.js';
import { integerIn } from './validate.js';
import { DEFAULT_CHUNK_FRAMES, DEFAULT_PREROLL, type FarmFlags } from './farm-options.js';

/** What the local render would do, as plain data for the workers: the render's spec before the farm adds its own fields. */
export type FarmJob = Omit<RenderSpec, 'settingsVersion' | 'dreamreel' | 'renderId' | 'chunks' | 'planKey' | 'flags'>;

type SubmitFlags = FarmFlags & OutputFlags & { fps?: string; framesDir?: string; resume?: boolean; restart?: boolean };

/** What the farm cannot do, refused before the clip is decoded or counted. */
export function checkFarmable(output: string, flags: SubmitFlags): void {
  const format = FrameEncoder.formatOf(output);
  if (!['mp4', 'mkv', 'mov'].includes(format)) throw new DreamreelError(`a farm render writes .mp4, .mkv or .mov (H.264 segments joined without re-encoding), not .${format}`);
  if (flags.fps !== undefined) throw new DreamreelError('--fps is not available with --redis yet: the farm keeps the clip\'s frame rate');
  if (flags.framesDir !== undefined) throw new DreamreelError('--frames-dir is not available with --redis: every chunk\'s frames are in the output\'s checkpoint folder');
  if (flags.resume && flags.restart) throw new DreamreelError('--resume and --restart contradict each other');
  if (existsSync(farmMarker(output)) && !flags.resume && !flags.restart) throw new DreamreelError(`an unfinished farm render of ${output} is in ${Checkpoint.dirFor(output)}: add --resume to continue it, or --restart to start over`);
}

/** Splits the clip at cuts and every --chunk-frames, queues it, and follows it unless --detach. */
export async function submitFarmRender(url: string, job: FarmJob, flags: SubmitFlags & Record<string, unknown>): Promise<void> {
  const chunkFrames = integerIn('--chunk-frames', flags.chunkFrames ?? DEFAULT_CHUNK_FRAMES, 1, 1_000_000);
  const preroll = job.flow ? integerIn('--preroll', flags.preroll ?? DEFAULT_PREROLL, 0, 10_000) : 0;
  const input = resolve(job.input);
  const output = resolve(job.output);
  checkFarmable(output, flags);
  await ensureReachable(url);
  if (flags.restart) await Checkpoint.discard(output);
  const cuts = job.flow ? await findCuts(input, { width: job.width, height: job.height, ...(job.start ? { start: job.start } : {}), ...(job.duration ? { duration: job.duration } : {}) }) : [];
  const chunks = planChunks(job.frames, cuts, chunkFrames, preroll);
  const renderFlags = absolutePathFlags(Object.fromEntries(Object.entries(flags).filter(([k, v]) => (typeof v === 'string' || typeof v === 'boolean') && !['redis', 'redisCa', 'attach', 'detach', 'output', 'json', 'plain', 'resume', 'restart'].includes(k))) as Record<string, string | boolean>);
  const planKey = createHash('sha256').update(JSON.stringify([job.identity, renderFlags, chunks])).digest('hex').slice(0, 12);
  const render: RenderSpec = {
    settingsVersion: FARM_SETTINGS_VERSION, dreamreel: DREAMREEL_VERSION, renderId: newRenderId(), input, output,
    width: job.width, height: job.height, fps: job.fps, frames: job.frames, flow: job.flow, chunks: chunks.length, planKey, flags: renderFlags, identity: job.identity,
    ...(job.start ? { start: job.start } : {}), ...(job.duration ? { duration: job.duration } : {}), ...(job.audioCodec ? { audioCodec: job.audioCodec } : {}),
  };
  await submitRender(url, render, chunks);
  if (flags.detach) {
    process.stdout.write(`${render.renderId}\n`);
    process.stderr.write(`queued ${render.renderId}: ${job.frames} frames in ${chunks.length} chunk(s); follow it with dreamreel render --redis ${redactUrl(url)} --attach ${render.renderId}\n`);
    return;
  }
  await followFarmRender(url, render.renderId, flags);
}

/** Shows a farm render's progress until it is written; Ctrl-C leaves it running on the farm. */
export async function followFarmRender(url: string, renderId: string, flags: OutputFlags): Promise<void> {
  await ensureReachable(url);
  const farm = openFarm(url);
  const sink = await progressSink(flags);
  const stop$ = new Subject<void>();
  const onSignal = (): void => stop$.next();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const note = flags.json ? (line: string) => void process.stdout.write(JSON.stringify({ type: 'farm', message: line }) + '\n') : (line: string) => void process.stderr.write(`${line}\n`);
  note(`farm render ${renderId}; Ctrl-C leaves it running (dreamreel cancel ${renderId} stops it)`);
  try {
    const how = await followRender(farm, renderId, { emit: (e) => sink.next(e), note, stop$: stop$.asObservable() });
    if (how === 'detached') note(`the render goes on on the farm; follow it again with: dreamreel render --redis ${redactUrl(url)} --attach ${renderId}`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await sink.close();
    await farm.close();
  }
}
