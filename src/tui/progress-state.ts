import type { RgbImage } from '../image/image.js';
import type { RenderEvent } from '../pipeline/events.js';

/** Everything the terminal UI shows, folded from the event stream (a pure reducer, tested alone). */
export interface ProgressState {
  readonly title?: Extract<RenderEvent, { type: 'start' }>;
  readonly frame: number;
  readonly framesDone: number;
  readonly frames: number;
  readonly octave: number;
  readonly octaves: number;
  readonly step: number;
  readonly steps: number;
  /** Loss of every step of the current frame. */
  readonly stepLosses: readonly number[];
  /** Final loss of each finished frame. */
  readonly frameLosses: readonly number[];
  readonly fpm: number;
  readonly etaSeconds: number;
  readonly latest?: RgbImage;
  readonly warnings: readonly string[];
  /** Values of the scheduled options at the current frame (--zoom, --lr ...), when any is scheduled. */
  readonly params?: Readonly<Record<string, number>>;
  readonly finished?: Extract<RenderEvent, { type: 'done' }>;
  /** One line per finished frame, for Ink's <Static> log. */
  readonly log: readonly string[];
}

export const initialProgress: ProgressState = {
  frame: 0,
  framesDone: 0,
  frames: 0,
  octave: 0,
  octaves: 0,
  step: 0,
  steps: 0,
  stepLosses: [],
  frameLosses: [],
  fpm: 0,
  etaSeconds: Infinity,
  warnings: [],
  log: [],
};

const keepLast = <T>(items: readonly T[], n: number): T[] => items.slice(Math.max(0, items.length - n));

export function reduceProgress(state: ProgressState, event: RenderEvent): ProgressState {
  switch (event.type) {
    case 'start':
      return { ...state, title: event, frames: event.frames, framesDone: event.resumedFrom ?? 0 };
    case 'frame-start':
      return { ...state, frame: event.frame, stepLosses: [], ...(event.params ? { params: event.params } : {}) };
    case 'step':
      return {
        ...state,
        frame: event.frame,
        octave: event.octave,
        octaves: event.octaves,
        step: event.step,
        steps: event.steps,
        stepLosses: keepLast([...state.stepLosses, event.loss], 200),
      };
    case 'frame-done':
      return {
        ...state,
        framesDone: event.frame + 1,
        frameLosses: keepLast([...state.frameLosses, event.loss], 400),
        fpm: event.fpm,
        etaSeconds: event.etaSeconds,
        ...(event.image ? { latest: event.image } : {}),
        log: [
          ...state.log,
          `frame ${event.frame + 1}/${event.frames}  loss ${event.loss.toFixed(2)}  ${(event.ms / 1000).toFixed(1)} s${event.params ? `  ${paramsLine(event.params)}` : ''}`,
        ],
      };
    case 'warning':
      return { ...state, warnings: keepLast([...state.warnings, event.message], 3) };
    case 'done':
      return { ...state, finished: event };
  }
}

/** Scheduled values as "zoom 1.031 · lr 0.012": four significant digits, enough to see them move. */
export function paramsLine(params: Readonly<Record<string, number>>): string {
  return Object.entries(params)
    .map(([name, value]) => `${name} ${+value.toPrecision(4)}`)
    .join(' · ');
}

export function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  return h > 0 ? `${h}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}` : `${pad(Math.floor(s / 60))}:${pad(s % 60)}`;
}
