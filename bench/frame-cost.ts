/**
 * What a video frame costs against the dream steps it is made of: for a clip at each size, the
 * steady frame interval of `renderFrames` (decode, flow, warp, dream, checkpoint, encode) over
 * stepsNext x the step time at that size measured alone (median step of a lone dream of the
 * same frame, same settings). 1.0 means decode, flow, warp and encode are fully hidden behind
 * the dream. Run alone with `npx tsx bench/frame-cost.ts`; bench/video.ts calls it.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lastValueFrom, tap } from 'rxjs';
import { dream } from '../src/dream/ascent.js';
import type { DreamEngine } from '../src/dream/engine.js';
import { startEngine, type BackendName } from '../src/dream/engines/select-engine.js';
import { loadModel } from '../src/dream/models/load-model.js';
import { objectives } from '../src/dream/objectives/index.js';
import { DEFAULT_DREAM, type DreamSettings } from '../src/dream/settings.js';
import { decodeFrames } from '../src/pipeline/decode-frames.js';
import { renderFrames } from '../src/pipeline/render.js';
import { videoSources } from '../src/pipeline/video-sources.js';
import { workDir } from '../test/helpers/clips.js';
import { pannedClip } from './panned-clip.js';

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median ms of one dream step on this frame alone, with nothing else running. */
async function stepMs(engine: DreamEngine, path: string, width: number, height: number, settings: DreamSettings): Promise<number> {
  const frames = decodeFrames(path, { width, height });
  const first = await frames.next();
  if (first.done) throw new Error(`${path} has no frame`);
  const frame = first.value;
  await frames.return(undefined);
  const steps: number[] = [];
  const objective = objectives.layer('inception_4c/output');
  for (let run = 0; run < 3; run++) await dream(engine, frame, objective, settings, { onStep: (e) => void (run > 0 && steps.push(e.ms)) });
  return median(steps);
}

export interface FrameCost {
  readonly width: number;
  readonly height: number;
  readonly stepMs: number;
  /** The median step inside the render, slowed by whatever ran beside it. */
  readonly stepInRenderMs: number;
  readonly frameMs: number;
  readonly ratio: number;
  readonly framesPerMinute: number;
}

/** Frames after the first two are the steady state: the first is a full dream, the second waits for the first flow. */
export async function measureFrameCost(engine: DreamEngine, width: number, height: number, frames: number, next: DreamSettings): Promise<FrameCost> {
  const dir = workDir();
  const path = pannedClip(dir, frames, width, height);
  const stepBefore = await stepMs(engine, path, width, height, next);
  const objective = objectives.layer('inception_4c/output');
  const first = { ...DEFAULT_DREAM, octaves: 2, steps: 5 };
  const job = {
    command: 'render' as const,
    input: path,
    output: join(dir, 'out.mp4'),
    width,
    height,
    fps: 24,
    frames,
    first,
    next,
    blend: 0.7,
    crf: 18,
    resume: false,
    identity: { objective: objective.description },
  };
  const doneAt: number[] = [];
  const renderSteps: number[] = [];
  await lastValueFrom(
    renderFrames(engine, job, videoSources(path, { width, height }, true), () => objective).pipe(
      tap((e) => {
        if (e.type === 'frame-done') doneAt.push(performance.now());
        if (e.type === 'step' && e.frame >= 2) renderSteps.push(e.ms);
      }),
    ),
  );
  // Alone before and after the render: this shared machine's speed drifts, the mean of the two tracks it.
  const step = (stepBefore + (await stepMs(engine, path, width, height, next))) / 2;
  const intervals = doneAt.slice(2).map((t, i) => t - doneAt[i + 1]!);
  const frameMs = median(intervals);
  return { width, height, stepMs: step, stepInRenderMs: median(renderSteps), frameMs, ratio: frameMs / (next.steps * step), framesPerMinute: 60000 / frameMs };
}

export async function printFrameCost(
  engine: DreamEngine,
  next: DreamSettings,
  sizes: readonly (readonly [number, number, number])[] = [
    [320, 180, 14],
    [640, 360, 8],
  ],
): Promise<void> {
  for (const [w, h, frames] of sizes) {
    const c = await measureFrameCost(engine, w, h, frames, next);
    console.log(
      `frame cost ${w}x${h}: ${c.framesPerMinute.toFixed(1)} frames/min steady, frame ${c.frameMs.toFixed(0)} ms over ${next.steps} steps x ${c.stepMs.toFixed(0)} ms alone = ${c.ratio.toFixed(2)}x (goal <= 1.1); a step inside the render took ${c.stepInRenderMs.toFixed(0)} ms`,
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const engine = await startEngine((process.env.BENCH_BACKEND ?? 'ort-cpu') as BackendName, await loadModel('../shared/models/bvlc_googlenet'));
  const sizes = process.env.FRAME_COST_SIZES?.split(',').map((s) => s.split('x').map(Number) as [number, number, number]);
  await printFrameCost(engine, { ...DEFAULT_DREAM, steps: 5, octaves: 1 }, sizes);
  await engine.dispose();
}
