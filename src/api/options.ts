import { DreamreelError } from '../errors.js';
import type { RawDreamFlags } from '../cli/dream-options.js';
import type { RawFrameFlags } from '../cli/frame-options.js';

type Triple = readonly [number, number, number];

/** The dream flags of the CLI, camelCased, as values instead of strings. */
export interface DreamOptions {
  /** Where to write the result (.png, .jpg, .webp); leave out to only get the picture back. */
  readonly output?: string;
  readonly model?: string;
  /** `inception_4c/output`, `layer3:1.5`, `inception_4d/output[139]`; several as an array or comma-separated. */
  readonly layers?: string | readonly string[];
  readonly class?: number;
  readonly guide?: string;
  readonly loss?: 'meanSquare' | 'mean';
  readonly crop?: number;
  readonly octaves?: number;
  readonly octaveScale?: number;
  readonly steps?: number;
  readonly lr?: number;
  readonly lrEnd?: number;
  readonly blur?: number;
  readonly blurEnd?: number;
  readonly normalise?: 'meanAbs' | 'std';
  readonly jitter?: number;
  readonly flip?: boolean;
  readonly tileSize?: number;
  readonly maxLoss?: number;
  readonly seed?: number;
  readonly originalColors?: boolean;
  readonly backend?: string;
  readonly preprocess?: 'torch' | 'caffe' | 'tf';
  readonly mean?: Triple;
  readonly std?: Triple;
  readonly bgr?: boolean;
  readonly scale?: number;
  /** Longest side (a number or "640"), or an exact "WxH". */
  readonly size?: number | string;
  /** Dream only where this picture or video is light; `motion` / `still` from the clip's flow (render). */
  readonly mask?: string;
  readonly maskInvert?: boolean;
  readonly maskFeather?: number;
  readonly maskThreshold?: number;
  /** Regions with their own dream, `MASK=SPEC` each: `sky.png=inception_4d/output[139]`, `sky.png=eyes-and-animals`. */
  readonly region?: string | readonly string[];
}

/** The frame flags of `render` and `zoom`, camelCased. */
export interface FrameOptions extends DreamOptions {
  readonly stepsNext?: number;
  readonly octavesNext?: number;
  readonly blend?: number;
  readonly crf?: number;
  readonly framesDir?: string;
  readonly fps?: number;
  readonly resume?: boolean;
  readonly restart?: boolean;
  readonly layerSchedule?: string;
  readonly scheduleMode?: 'switch' | 'blend';
}

const BOOLEAN = new Set(['flip', 'originalColors', 'bgr', 'resume', 'restart', 'audio', 'maskInvert', 'showMask']);
/** Options that stay lists (repeatable flags). */
const LISTS = new Set(['region']);

/**
 * Options as the CLI's raw flags (strings), so the same module validates both and a
 * mistake reads the same: "Expected an integer between 1 and 1000 for --steps but received 0".
 */
export function toFlags<T extends object>(options: T, known: readonly string[]): RawDreamFlags & RawFrameFlags & Record<string, string | boolean | string[] | undefined> {
  const flags: Record<string, string | boolean | string[] | undefined> = {};
  for (const [key, value] of Object.entries(options)) {
    if (!known.includes(key)) throw new DreamreelError(`unknown option "${key}": expected one of ${known.join(', ')}`);
    if (value === undefined) continue;
    if (BOOLEAN.has(key)) flags[key] = Boolean(value);
    else if (LISTS.has(key)) flags[key] = (Array.isArray(value) ? value : [value]).map(String);
    else flags[key] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return flags;
}

export const DREAM_OPTION_NAMES = [
  'output', 'model', 'layers', 'class', 'guide', 'loss', 'crop', 'octaves', 'octaveScale', 'steps', 'lr', 'lrEnd', 'blur', 'blurEnd', 'normalise', 'jitter', 'flip',
  'tileSize', 'maxLoss', 'seed', 'originalColors', 'backend', 'preprocess', 'mean', 'std', 'bgr', 'scale', 'size', 'mask', 'maskInvert', 'maskFeather', 'maskThreshold', 'region',
] as const;
export const FRAME_OPTION_NAMES = [...DREAM_OPTION_NAMES, 'stepsNext', 'octavesNext', 'blend', 'crf', 'framesDir', 'fps', 'resume', 'restart', 'layerSchedule', 'scheduleMode'] as const;
