import { basename, dirname, extname, join } from 'node:path';
import { rename, rm, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { identity, lastValueFrom, Observable, Subject, takeUntil, tap, EMPTY, type OperatorFunction } from 'rxjs';
import type { DreamEngine } from '../dream/engine.js';
import type { RgbImage } from '../image/image.js';
import type { Objective } from '../dream/objectives/index.js';
import type { DreamSettings } from '../dream/settings.js';
import { DreamreelError } from '../errors.js';
import { Checkpoint } from './checkpoint.js';
import { showMask } from '../image/mask-overlay.js';
import { FrameEncoder, type EncodeOptions } from './encoder.js';
import type { RenderEvent } from './events.js';
import { pull } from './pull.js';
import { pairWithPrevious } from './operators/pair-with-previous.js';
import { dreamFrames } from './operators/dream-frames.js';
import { carryFor, type CarryName } from './operators/carry-for.js';
import { writeFrames, type KeptFrames } from './operators/write-frames.js';
import type { DreamedFrame, MovingFrame, SourceFrame } from './operators/frames.js';
import type { FrameSchedules } from './frame-schedules.js';

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
  /** Continue the checkpoint (true), refuse one (false), or continue it if there is one ('auto'). */
  readonly resume: boolean | 'auto';
  /** Everything else that shapes the frames (objective descriptions, flow, zoom steps). */
  readonly identity: Record<string, unknown>;
  readonly audioFrom?: EncodeOptions['audioFrom'];
  /** Said once the render starts, in every output mode (a clip shorter than its header says). */
  readonly warnings?: readonly string[];
  /** Frames appended after the last, from the checkpoint (zoom --pingpong plays backwards). */
  readonly tail?: (frames: number) => readonly number[];
  /** Frames before this are dreamed and checkpointed but not encoded (a farm chunk's preroll). */
  readonly encodeFrom?: number;
  /** Show each frame's mask over the picture in frame-done events (the live preview), not in the output. */
  readonly showMask?: boolean;
  /** What each --region dreams (its weights come with the frames). */
  readonly regions?: readonly Objective[];
  /** Frames from this on are dreamed and checkpointed but not encoded (a farm chunk's overlap into the next chunk). */
  readonly encodeBefore?: number;
  /** Frames also kept as PNGs by name (a farm chunk's seam frames, which the join blends). */
  readonly keepFrames?: KeptFrames;
  /** The temporary name to encode to, when partialPath's could collide (farm chunks run at least once). */
  readonly partial?: string;
  /** Parameters that change from frame to frame (--lr "0:(0.01), 48:(0.02)"), sampled before the render starts. */
  readonly schedules?: FrameSchedules;
  /** The whole render's index of this job's frame 0 (a farm chunk's start): per-frame seeds count from it. */
  readonly firstFrame?: number;
}

export interface FrameSources {
  /** Source pictures in order; pulled one at a time. */
  readonly frames: AsyncIterable<RgbImage>;
  /** How far ahead of the dream sources may be decoded and flowed. */
  readonly lookahead: number;
  /** Between pairing and dreaming: motion estimation for video, nothing for zoom. */
  readonly motion: (firstToDream: number) => OperatorFunction<SourceFrame, MovingFrame>;
  readonly mode: 'video' | 'zoom';
  /** After motion: zips each frame with its mask (--mask), when there is one. */
  readonly mask?: OperatorFunction<MovingFrame, MovingFrame>;
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

export function renderFrames(
  engine: DreamEngine,
  job: FrameJob,
  sources: FrameSources,
  objectiveAt: (index: number) => Objective,
  controls: RenderControls = {},
): Observable<RenderEvent> {
  const stop$ = controls.stop$ ?? EMPTY;
  return new Observable<RenderEvent>((subscriber) => {
    const run = new FrameRun(engine, job, sources, objectiveAt, (e) => subscriber.next(e));
    const stopSubscription = stop$.subscribe(() => run.stop());
    stopSubscription.add(controls.paused$?.subscribe((p) => void (run.paused = p)));
    run.run(stop$).then(
      () => subscriber.complete(),
      async (e: unknown) => {
        await run.dropUnfinished().catch(() => undefined);
        subscriber.error(e);
      },
    );
    return () => {
      stopSubscription.unsubscribe();
      run.teardown();
    };
  });
}

/** One render's state: its checkpoint and encoder, what it has written, and whether it was stopped. */
class FrameRun {
  paused = false;
  private stopped = false;
  private finished = false;
  private written = 0;
  private dreamedNow = 0;
  private began = performance.now();
  private readonly abort = new AbortController();
  private readonly demand = new Subject<void>();
  private checkpoint: Checkpoint | undefined;
  private encoder: FrameEncoder | undefined;

  constructor(
    private readonly engine: DreamEngine,
    private readonly job: FrameJob,
    private readonly sources: FrameSources,
    private readonly objectiveAt: (index: number) => Objective,
    private readonly emit: (e: RenderEvent) => void,
  ) {}

  stop(): void {
    this.stopped = true;
    this.abort.abort();
  }

  teardown(): void {
    this.abort.abort();
    if (!this.finished) this.encoder?.abort();
  }

  private get partial(): string {
    return this.job.partial ?? partialPath(this.job.output);
  }

  private readonly seconds = (): number => (performance.now() - this.began) / 1000;

  async run(stop$: Observable<unknown>): Promise<void> {
    const checkpoint = await this.open();
    this.began = performance.now();
    try {
      await lastValueFrom(this.frames$(checkpoint, stop$), { defaultValue: undefined });
    } catch (e) {
      if (!this.stopped) throw e;
    }
    if (this.written === 0 && !this.stopped) throw new DreamreelError(`${this.job.input} gave no frames to dream`);
    if (this.stopped && this.written === 0) {
      // Stopped before the first frame: nothing to play or resume, so nothing is left behind.
      await this.dropUnfinished();
      this.emit({ type: 'done', output: this.job.output, frames: 0, seconds: this.seconds(), stopped: true });
      return;
    }
    await this.complete(checkpoint, this.encoder!);
  }

  /** The checkpoint (resumed or fresh), --frames-dir and the encoder writing the temporary file. */
  private async open(): Promise<Checkpoint> {
    const { job } = this;
    const schedules = job.schedules && Object.keys(job.schedules.identity).length > 0 ? { schedules: job.schedules.identity } : {};
    const identity = {
      ...job.identity,
      first: job.first,
      next: job.next,
      blend: job.blend,
      ...(job.carry ? { carry: job.carry } : {}),
      ...schedules,
      size: [job.width, job.height],
      frames: job.frames,
      fps: job.fps,
    };
    const checkpoint = (this.checkpoint = await Checkpoint.open(job.output, identity, job.identity.objective as string, job.resume));
    if (job.framesDir) await mkdir(job.framesDir, { recursive: true });
    const format = FrameEncoder.formatOf(job.output);
    this.encoder = new FrameEncoder({
      path: this.partial,
      format,
      width: job.width,
      height: job.height,
      fps: job.fps,
      crf: job.crf,
      ...(job.audioFrom ? { audioFrom: job.audioFrom } : {}),
    });
    const objective = this.objectiveAt(0);
    this.emit({
      type: 'start',
      command: job.command,
      input: job.input,
      output: job.output,
      model: this.engine.network.name,
      objective: objective.description,
      backend: this.engine.name,
      frames: job.frames,
      width: job.width,
      height: job.height,
      ...(checkpoint.done ? { resumedFrom: checkpoint.done } : {}),
    });
    for (const message of job.warnings ?? []) this.emit({ type: 'warning', message });
    return checkpoint;
  }

  /** Sources -> pair with previous -> motion -> dream -> checkpoint, --frames-dir and encoder. */
  private frames$(checkpoint: Checkpoint, stop$: Observable<unknown>): Observable<DreamedFrame> {
    const { job, sources, emit } = this;
    return pull(sources.frames, this.demand, sources.lookahead).pipe(
      pairWithPrevious(),
      sources.motion(checkpoint.done),
      sources.mask ?? identity,
      tap((f) => {
        if (f.sceneCut && f.index >= checkpoint.done) emit({ type: 'warning', message: `frame ${f.index + 1}: scene cut, dreaming it afresh` });
        if (f.index >= checkpoint.done) emit({ type: 'frame-start', frame: f.index, frames: Math.max(job.frames, f.index + 1), ...this.params(f.index) });
      }),
      dreamFrames({
        engine: this.engine,
        objectiveAt: this.objectiveAt,
        ...(job.regions ? { regions: job.regions } : {}),
        beforeFrame: this.whileRunning,
        first: job.first,
        next: job.next,
        blend: job.blend,
        carry: carryFor(job.carry, job.blend),
        checkpoint,
        mode: sources.mode,
        signal: this.abort.signal,
        ...(job.schedules ? { schedules: job.schedules } : {}),
        ...(job.firstFrame ? { firstFrame: job.firstFrame } : {}),
        onStep: (frame, e) => emit({ type: 'step', frame, ...e }),
      }),
      writeFrames({
        checkpoint,
        encoder: this.encoder!,
        ...(job.encodeFrom ? { encodeFrom: job.encodeFrom } : {}),
        ...(job.encodeBefore !== undefined ? { encodeBefore: job.encodeBefore } : {}),
        ...(job.keepFrames ? { keep: job.keepFrames } : {}),
        ...(job.framesDir ? { framesDir: job.framesDir } : {}),
      }),
      tap((f: DreamedFrame) => this.onWritten(f)),
      takeUntil(stop$),
    );
  }

  /** The scheduled values of a frame, for the progress display (nothing when no option is scheduled). */
  private params(index: number): { params?: Readonly<Record<string, number>> } {
    const params = this.job.schedules?.params(index);
    return params && Object.keys(params).length > 0 ? { params } : {};
  }

  private readonly whileRunning = async (): Promise<void> => {
    while (this.paused && !this.stopped) await new Promise((r) => setTimeout(r, 100));
  };

  private onWritten(f: DreamedFrame): void {
    this.written = f.index + 1;
    this.sources.onWritten?.(f);
    this.demand.next();
    if (f.restored) return;
    this.dreamedNow++;
    const perFrame = this.seconds() / this.dreamedNow;
    // A clip may hold more frames than its header said: never a count past the total, never a negative ETA.
    const frames = Math.max(this.job.frames, f.index + 1);
    this.emit({
      type: 'frame-done',
      frame: f.index,
      frames,
      loss: f.loss,
      ms: f.ms,
      fpm: 60 / perFrame,
      etaSeconds: perFrame * (frames - f.index - 1),
      image: this.job.showMask && f.mask ? showMask(f.dreamed, f.mask) : f.dreamed,
      ...this.params(f.index),
    });
  }

  /** A finished render is renamed into place and its checkpoint removed; a stopped one stays playable and resumable. */
  private async complete(checkpoint: Checkpoint, encoder: FrameEncoder): Promise<void> {
    const { job } = this;
    if (!this.stopped && job.tail) for (const index of job.tail(this.written)) await encoder.write(await checkpoint.load(index));
    await encoder.finish();
    this.finished = true;
    if (this.stopped) {
      this.emit({ type: 'done', output: this.partial, frames: this.written, seconds: this.seconds(), stopped: true });
      return;
    }
    await rename(this.partial, job.output);
    await checkpoint.remove();
    this.emit({ type: 'done', output: job.output, frames: this.written, seconds: this.seconds() });
  }

  /** Removes only what this run made: its partial video, and its checkpoint if no frame was finished. */
  async dropUnfinished(): Promise<void> {
    this.finished = true;
    if (this.encoder) {
      this.encoder.abort();
      await this.encoder.closed();
      await rm(this.partial, { force: true });
    }
    // A checkpoint without a single finished frame saves nothing and would block the next run.
    // Only one this run created: a farm chunk's duplicate may share the folder with the original.
    if (this.checkpoint?.created && !existsSync(join(this.checkpoint.dir, Checkpoint.frameName(0)))) await this.checkpoint.remove();
  }
}
