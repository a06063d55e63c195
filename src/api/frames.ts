import { finalize, Observable, Subject, type Subscription } from 'rxjs';
import type { Objective } from '../dream/objectives/index.js';
import { objectiveSchedule } from '../dream/objective-schedule.js';
import { Checkpoint } from '../pipeline/checkpoint.js';
import type { RenderEvent } from '../pipeline/events.js';
import { lockOutput } from '../pipeline/output-lock.js';
import { renderFrames, type FrameJob, type FrameSources, type RenderControls } from '../pipeline/render.js';
import { NO_MASK, type MaskPlan } from '../pipeline/mask-plan.js';
import { scheduleKeys } from '../options/frame.js';
import type { FramesOptionsOut } from '../options/index.js';
import type { FrameSchedules } from '../pipeline/frame-schedules.js';
import type { ScheduleContext } from '../schedule/index.js';
import { sharedIdentity } from './identity.js';
import { scheduledLayers } from './scheduled-layers.js';
import { checkSizeOrClose, openSession, orClose, type DreamSession, type SessionContext } from './session.js';
import { frameSettings } from './settings.js';
import { regionObjectives } from './regions.js';

/** What render and zoom add to the job they share, once the model is open. */
export interface FrameSpecifics {
  readonly command: FrameJob['command'];
  readonly input: string;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly frames: number;
  /** What identifies the input and the motion (the clip's bytes, the still's hash, the zoom step). */
  readonly identity: Record<string, unknown>;
  readonly job?: Partial<Pick<FrameJob, 'carry' | 'blend' | 'warnings' | 'audioFrom' | 'tail' | 'showMask'>>;
  /** The render's clock (and music): what schedules and scheduled layer weights are sampled against. */
  readonly context: ScheduleContext;
  /** Every scheduled option sampled over the render (checked before the model opens). */
  readonly schedules: FrameSchedules;
  /** The mask and regions, opened for these frames: in the identity, the warnings and the sources. */
  readonly mask?: MaskPlan;
  /** The source frames, made once the size is known to fit (a zoom decodes its still only then). */
  readonly sources: () => FrameSources | Promise<FrameSources>;
}

/** A frame render ready to run: its model open and its output locked. */
export interface PreparedFrames {
  readonly session: DreamSession;
  readonly job: FrameJob;
  /** The render's events; nothing runs until subscribed. */
  run(controls?: RenderControls): Observable<RenderEvent>;
  /** Releases the engine and the output lock. */
  close(): Promise<void>;
}

/** The objective of each frame: fixed, or from the layer schedule. */
export function objectiveAt(o: FramesOptionsOut, session: DreamSession): (index: number) => Objective {
  const keys = o.layerSchedule ? scheduleKeys(o.layerSchedule) : undefined;
  return objectiveSchedule(session.network, session.spec, session.objective, keys, o.scheduleMode);
}

/** The job both commands run: the options' settings, the render's specifics and the identity a resume must match. */
function frameJob(o: FramesOptionsOut & { output: string }, session: DreamSession, s: FrameSpecifics, ctx: SessionContext): FrameJob {
  const settings = frameSettings(o);
  const mask = s.mask ?? NO_MASK;
  return {
    command: s.command,
    input: s.input,
    output: o.output,
    width: s.width,
    height: s.height,
    fps: s.fps,
    frames: s.frames,
    first: settings.first,
    next: settings.next,
    blend: settings.blend,
    crf: settings.crf,
    resume: o.resume,
    identity: { ...s.identity, ...mask.identity, ...sharedIdentity(o, session) },
    ...(o.framesDir ? { framesDir: o.framesDir } : {}),
    schedules: s.schedules,
    ...s.job,
    warnings: [...(s.job?.warnings ?? []), ...mask.warnings],
    ...(mask.regionSpecs.length ? { regions: regionObjectives(session, mask.regionSpecs, ctx.surface) } : {}),
  };
}

/**
 * What render and zoom share once their inputs are checked, for the CLI and the library alike:
 * lock the output, discard the checkpoint on `restart`, open the model and backend, refuse a size
 * this machine cannot hold (before a frame is decoded: the flow pipeline holds about 8 more
 * full-size frames), and build the job. Whatever fails releases what was taken.
 */
export async function prepareFrames(o: FramesOptionsOut & { output: string }, ctx: SessionContext, s: FrameSpecifics): Promise<PreparedFrames> {
  const release = lockOutput(o.output);
  try {
    if (o.restart) await Checkpoint.discard(o.output);
    const session = await openSession(o, ctx);
    await checkSizeOrClose(session, { heldFrames: 8, width: s.width, height: s.height, tileSize: o.tileSize }, ctx.surface);
    const job = await orClose(session, () => frameJob(o, session, s, ctx));
    const sources = await orClose(session, async () => (s.mask ?? NO_MASK).apply(await s.sources()));
    const at = await orClose(session, () => scheduledLayers(session, o, s.context) ?? objectiveAt(o, session));
    let closed = false;
    return {
      session,
      job,
      run: (controls = {}) => renderFrames(session.engine, job, sources, at, controls),
      close: async () => {
        if (closed) return;
        closed = true;
        release();
        await session.engine.dispose();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}

/**
 * The render events of a render prepared on subscription (the library's `render` and `zoom`).
 * Unsubscribing stops the render (the partial file and checkpoint stay); the engine and the
 * output lock are released however it ends.
 */
export function frameEvents(prepare: () => Promise<PreparedFrames>): Observable<RenderEvent> {
  return new Observable<RenderEvent>((subscriber) => {
    const stop$ = new Subject<void>();
    let inner: Subscription | undefined;
    let cancelled = false;
    prepare().then(
      (prepared) => {
        const close = (): void => void prepared.close();
        if (cancelled) return close();
        inner = prepared.run({ stop$ }).pipe(finalize(close)).subscribe(subscriber);
      },
      (e: unknown) => subscriber.error(e),
    );
    return () => {
      cancelled = true;
      stop$.next();
      inner?.unsubscribe();
    };
  });
}
