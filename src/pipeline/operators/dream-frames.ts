import { concatMap, type OperatorFunction } from 'rxjs';
import { dream, type StepEvent } from '../../dream/ascent.js';
import type { DreamEngine } from '../../dream/engine.js';
import type { Objective } from '../../dream/objectives/index.js';
import type { DreamSettings } from '../../dream/settings.js';
import { quantizeWithBytes, type Checkpoint } from '../checkpoint.js';
import type { DreamedFrame, MovingFrame } from './frames.js';
import type { RgbImage } from '../../image/image.js';
import { fadingCarry, type Carry } from './carry.js';
import type { FrameSchedules } from '../frame-schedules.js';
import { blendByMask } from '../../image/mask.js';

export interface DreamFramesOptions {
  readonly engine: DreamEngine;
  /** The objective for frame i of n (layer schedules change it over time). */
  readonly objectiveAt: (index: number) => Objective;
  /** What each --region dreams, in the order of each frame's region weights. */
  readonly regions?: readonly Objective[];
  readonly first: DreamSettings;
  /** Settings for frames that start from an already dreamed picture (fewer steps). */
  readonly next: DreamSettings;
  readonly blend: number;
  /** How a video frame starts from the dreams before it (default: today's fading carry at `blend`). */
  readonly carry?: Carry;
  readonly checkpoint: Checkpoint;
  /**
   * video: a frame with trusted motion starts from the previous dream warped onto it;
   * zoom: every source after the first already is the transformed previous dream.
   */
  readonly mode: 'video' | 'zoom';
  readonly onStep: (index: number, e: StepEvent) => void;
  readonly signal: AbortSignal;
  /** Awaited before each frame is dreamed (pausing). */
  readonly beforeFrame?: () => Promise<void>;
  /** Scheduled lr, --steps-next, --octave-scale and --blend, per frame. */
  readonly schedules?: Pick<FrameSchedules, 'settings' | 'blend'>;
  /** The whole render's index of frame 0 here (a farm chunk's start), so seeds are the one-machine render's. */
  readonly firstFrame?: number;
}

/**
 * Dreams frame after frame (concatMap: frame N starts from frame N-1's dream). Frames before the
 * checkpoint's count are read back instead of dreamed. Seeds are per frame (or the render's own,
 * for a carry with steady jitter), so a resumed run draws the same jitter as an uninterrupted one.
 */
export function dreamFrames(o: DreamFramesOptions): OperatorFunction<MovingFrame, DreamedFrame> {
  // Whether a frame before this one was dreamed or restored: only then can a frame follow it.
  let hasPrevious = false;
  const carry = o.carry ?? fadingCarry(o.blend);
  return concatMap(async (frame): Promise<DreamedFrame> => {
    const began = performance.now();
    if (frame.index < o.checkpoint.done) {
      const dreamed = await o.checkpoint.load(frame.index);
      const unmasked = frame.mask ? await o.checkpoint.load(frame.index, 'unmasked') : dreamed;
      const carried = await o.checkpoint.loadCarry(frame.index);
      hasPrevious = true;
      // Restored frames come without motion: what was saved with them says which were fresh and
      // what the carry held (a checkpoint of an older dreamreel has neither: only frame 0 is fresh).
      carry.remember(frame.source, unmasked, carried?.fresh ?? frame.index === 0);
      if (carried?.state) carry.restore?.(carried.state);
      return { ...frame, dreamed, loss: 0, ms: 0, restored: true };
    }
    await o.beforeFrame?.();
    const follows = hasPrevious && frame.index > 0 && !frame.sceneCut && (o.mode === 'zoom' || frame.motion !== undefined);
    const motion = follows ? frame.motion : undefined;
    const start = motion ? carry.start(frame.source, motion, o.schedules?.blend(frame.index)) : frame.source;
    const first = o.schedules?.settings(frame.index, o.first, false) ?? o.first;
    const next = o.schedules?.settings(frame.index, o.next, true) ?? o.next;
    const settings = !follows ? first : motion ? (carry.settings?.(next) ?? next) : next;
    const seed = motion && carry.steadyJitter ? settings.seed : settings.seed + (o.firstFrame ?? 0) + frame.index;
    let loss = 0;
    const raw = await dreamOne(o, frame, start, { ...settings, seed }, (e) => (loss = e.loss));
    const whole = quantizeWithBytes(motion && carry.finish ? carry.finish(start, raw, motion) : raw);
    const unmasked = whole.image;
    hasPrevious = true;
    // The carry continues the whole dream; the mask only chooses where it shows, so a region
    // entering the mask shows the dream at full strength at once, and one leaving it the source.
    carry.remember(frame.source, unmasked, !follows);
    const state = carry.snapshot?.();
    const shown = frame.mask ? quantizeWithBytes(blendByMask(frame.source, unmasked, frame.mask)) : whole;
    const carried = { fresh: !follows, ...(state ? { state } : {}) };
    const ms = performance.now() - began;
    return { ...frame, dreamed: shown.image, bytes: shown.bytes, ...(frame.mask ? { unmasked } : {}), loss, ms, restored: false, carried };
  });
}

/** One frame's dream with the frame's regions, reporting every step. */
function dreamOne(o: DreamFramesOptions, frame: MovingFrame, start: RgbImage, settings: DreamSettings, onStep: (e: StepEvent) => void): Promise<RgbImage> {
  return dream(o.engine, start, o.objectiveAt(frame.index), settings, {
    signal: o.signal,
    ...(frame.regions?.length ? { regions: frame.regions.map((weight, i) => ({ objective: o.regions![i]!, weight })) } : {}),
    onStep: (e) => {
      onStep(e);
      o.onStep(frame.index, e);
    },
  });
}
