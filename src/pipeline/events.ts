import type { StepEvent } from '../dream/ascent.js';
import type { RgbImage } from '../image/image.js';

/**
 * The typed event stream a render emits: the only thing the terminal UI, the plain
 * progress lines and --json see of the work.
 */
export type RenderEvent =
  | {
      readonly type: 'start';
      readonly command: 'image' | 'render' | 'zoom' | 'preview';
      readonly input: string;
      readonly output: string;
      readonly model: string;
      readonly objective: string;
      readonly backend: string;
      readonly frames: number;
      readonly width: number;
      readonly height: number;
      readonly resumedFrom?: number;
    }
  | {
      readonly type: 'frame-start';
      readonly frame: number;
      readonly frames: number;
      /** Values of the scheduled options at this frame (--zoom, --lr ...), when any is scheduled. */
      readonly params?: Readonly<Record<string, number>>;
    }
  | ({ readonly type: 'step'; readonly frame: number } & StepEvent)
  | {
      readonly type: 'frame-done';
      readonly frame: number;
      readonly frames: number;
      readonly loss: number;
      readonly ms: number;
      /** Frames per minute over the run so far. */
      readonly fpm: number;
      readonly etaSeconds: number;
      /** The dreamed frame, for previews; left out of --json. */
      readonly image?: RgbImage;
      /** Values of the scheduled options at this frame, when any is scheduled. */
      readonly params?: Readonly<Record<string, number>>;
    }
  | { readonly type: 'warning'; readonly message: string }
  | { readonly type: 'done'; readonly output: string; readonly frames: number; readonly seconds: number; readonly stopped?: boolean };

export type EventSink = (event: RenderEvent) => void;
