import { basename, dirname, extname, join } from 'node:path';
import { rename, rm, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { lastValueFrom, Observable, Subject, takeUntil, tap, EMPTY, type OperatorFunction } from 'rxjs';
import type { DreamEngine } from '../dream/engine.js';
import type { RgbImage } from '../dream/image.js';
import type { Objective } from '../dream/objectives/index.js';
import type { DreamSettings } from '../dream/settings.js';
import { DreamreelError } from '../errors.js';
import { Checkpoint } from './checkpoint.js';
import { FrameEncoder, type EncodeOptions } from './encoder.js';
import type { RenderEvent } from './events.js';
import { pull } from './pull.js';
import { pairWithPrevious } from './operators/pair-with-previous.js';
import { estimateMotion } from './operators/estimate-motion.js';
import { dreamFrames } from './operators/dream-frames.js';
import { carryFor, type CarryName } from './operators/carry-for.js';
import { writeFrames } from './operators/write-frames.js';
import type { DreamedFrame, MovingFrame, SourceFrame } from './operators/frames.js';

/** Everything a frame render needs, validated by the CLI: one plain object, saved with the checkpoint. */
export interface FrameJob {
  readonly command: 'render' | 'zoom';
  readonly input: string;
  readonly output: string;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly frames: number;
  readonly first: DreamSettings;
  readonly next: DreamSettings;
  readonly blend: number;
  /** How video frames carry the dream (default steady; fade is dreamreel 0.1's). */
  readonly carry?: CarryName;
  readonly crf: number;
  readonly framesDir?: string;
  readonly resume: boolean;
  /** Everything else that shapes the frames (objective descriptions, flow, zoom steps). */
  readonly identity: Record<string, unknown>;
  readonly audioFrom?: EncodeOptions['audioFrom'];
  /** Said once the render starts, in every output mode (a clip shorter than its header says). */
  readonly warnings?: readonly string[];
  /** Frames appended after the last, from the checkpoint (zoom --pingpong plays backwards). */
  readonly tail?: (frames: number) => readonly number[];
  /** Frames before this are dreamed and checkpointed but not encoded (a farm chunk's preroll). */
  readonly encodeFrom?: number;
  /** The temporary name to encode to, when partialPath's could collide (farm chunks run at least once). */
  readonly partial?: string;
}

export interface FrameSources {
  /** Source pictures in order; pulled one at a time. */
  readonly frames: AsyncIterable<RgbImage>;
  /** How far ahead of the dream sources may be decoded and flowed. */
  readonly lookahead: number;
  /** Between pairing and dreaming: motion estimation for video, nothing for zoom. */
  readonly motion: (firstToDream: number) => OperatorFunction<SourceFrame, MovingFrame>;
  readonly mode: 'video' | 'zoom';
  /** Told of every frame as it is written, restored ones included. */
  readonly onWritten?: (frame: DreamedFrame) => void;
}

/** `dream.mp4` is written as `dream.partial.mp4` and renamed when complete. */
export function partialPath(output: string): string {
  const ext = extname(output);
  return join(dirname(output), `${basename(output, ext)}.partial${ext}`);
}

/**
 * The frame pipeline shared by `render` and `zoom`: sources -> pair with previous -> motion ->
 * dream (frame N from frame N-1) -> checkpoint, --frames-dir and encoder, as a stream of
 * RenderEvents. `stop$` ends it cleanly after the frame in progress is abandoned: what is done
 * stays playable in the partial file and resumable. Unsubscribing kills ffmpeg.
 */
export interface RenderControls {
  /** Ends the render cleanly. */
  readonly stop$?: Observable<unknown>;
  /** While true, no new frame starts. */
  readonly paused$?: Observable<boolean>;
}

export function renderFrames(engine: DreamEngine, job: FrameJob, sources: FrameSources, objectiveAt: (index: number) => Objective, controls: RenderControls = {}): Observable<RenderEvent> {
  const stop$ = controls.stop$ ?? EMPTY;
  return new Observable<RenderEvent>((subscriber) => {
    const abort = new AbortController();
    const demand = new Subject<void>();
    let encoder: FrameEncoder | undefined;
    let finished = false;
    let stopped = false;
    let paused = false;
    const stopSubscription = stop$.subscribe(() => {
      stopped = true;
      abort.abort();
    });
    stopSubscription.add(controls.paused$?.subscribe((p) => void (paused = p)));
    const whileRunning = async (): Promise<void> => {
      while (paused && !stopped) await new Promise((r) => setTimeout(r, 100));
    };
    const emit = (e: RenderEvent): void => subscriber.next(e);

    let checkpoint: Checkpoint | undefined;
    const run = async (): Promise<void> => {
      checkpoint = await Checkpoint.open(job.output, { ...job.identity, first: job.first, next: job.next, blend: job.blend, ...(job.carry ? { carry: job.carry } : {}), size: [job.width, job.height], frames: job.frames, fps: job.fps }, job.identity.objective as string, job.resume);
      if (job.framesDir) await mkdir(job.framesDir, { recursive: true });
      const format = FrameEncoder.formatOf(job.output);
      const partial = job.partial ?? partialPath(job.output);
      encoder = new FrameEncoder({ path: partial, format, width: job.width, height: job.height, fps: job.fps, crf: job.crf, ...(job.audioFrom ? { audioFrom: job.audioFrom } : {}) });
      const objective = objectiveAt(0);
      emit({ type: 'start', command: job.command, input: job.input, output: job.output, model: engine.network.name, objective: objective.description, backend: engine.name, frames: job.frames, width: job.width, height: job.height, ...(checkpoint.done ? { resumedFrom: checkpoint.done } : {}) });
      for (const message of job.warnings ?? []) emit({ type: 'warning', message });
      const began = performance.now();
      let dreamedNow = 0;
      let written = 0;
      const frames$ = pull(sources.frames, demand, sources.lookahead).pipe(
        pairWithPrevious(),
        sources.motion(checkpoint.done),
        tap((f) => {
          if (f.sceneCut && f.index >= checkpoint!.done) emit({ type: 'warning', message: `frame ${f.index + 1}: scene cut, dreaming it afresh` });
          if (f.index >= checkpoint!.done) emit({ type: 'frame-start', frame: f.index, frames: Math.max(job.frames, f.index + 1) });
        }),
        dreamFrames({ engine, objectiveAt, beforeFrame: whileRunning, first: job.first, next: job.next, blend: job.blend, carry: carryFor(job.carry, job.blend), checkpoint, mode: sources.mode, signal: abort.signal, onStep: (frame, e) => emit({ type: 'step', frame, ...e }) }),
        writeFrames({ checkpoint, encoder, ...(job.encodeFrom ? { encodeFrom: job.encodeFrom } : {}), ...(job.framesDir ? { framesDir: job.framesDir } : {}) }),
        tap((f: DreamedFrame) => {
          written = f.index + 1;
          sources.onWritten?.(f);
          demand.next();
          if (f.restored) return;
          dreamedNow++;
          const elapsed = (performance.now() - began) / 1000;
          const perFrame = elapsed / dreamedNow;
          // A clip may hold more frames than its header said: never a count past the total, never a negative ETA.
          const frames = Math.max(job.frames, f.index + 1);
          emit({ type: 'frame-done', frame: f.index, frames, loss: f.loss, ms: f.ms, fpm: 60 / perFrame, etaSeconds: perFrame * (frames - f.index - 1), image: f.dreamed });
        }),
        takeUntil(stop$),
      );
      try {
        await lastValueFrom(frames$, { defaultValue: undefined });
      } catch (e) {
        if (!stopped) throw e;
      }
      if (written === 0 && !stopped) throw new DreamreelError(`${job.input} gave no frames to dream`);
      const seconds = (): number => (performance.now() - began) / 1000;
      if (stopped && written === 0) {
        // Stopped before the first frame: nothing to play or resume, so nothing is left behind.
        await dropUnfinished();
        emit({ type: 'done', output: job.output, frames: 0, seconds: seconds(), stopped: true });
        return subscriber.complete();
      }
      if (!stopped && job.tail) for (const index of job.tail(written)) await encoder.write(await checkpoint.load(index));
      await encoder.finish();
      finished = true;
      if (stopped) {
        emit({ type: 'done', output: partial, frames: written, seconds: seconds(), stopped: true });
      } else {
        await rename(partial, job.output);
        await checkpoint.remove();
        emit({ type: 'done', output: job.output, frames: written, seconds: seconds() });
      }
      subscriber.complete();
    };
    /** Removes only what this run made: its partial video, and its checkpoint if no frame was finished. */
    const dropUnfinished = async (): Promise<void> => {
      finished = true;
      if (encoder) {
        encoder.abort();
        await encoder.closed();
        await rm(job.partial ?? partialPath(job.output), { force: true });
      }
      // A checkpoint without a single finished frame saves nothing and would block the next run.
      if (checkpoint && !existsSync(join(checkpoint.dir, Checkpoint.frameName(0)))) await checkpoint.remove();
    };
    run().catch(async (e: unknown) => {
      await dropUnfinished().catch(() => undefined);
      subscriber.error(e);
    });
    return () => {
      stopSubscription.unsubscribe();
      abort.abort();
      if (!finished) encoder?.abort();
    };
  });
}
