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
  /** A number, or a schedule (render and zoom): `"0:(1.4), 48:(1.6)"`. */
  readonly octaveScale?: number | string;
  readonly steps?: number;
  /** A number, or a schedule (render and zoom): `"0:(0.01), 48:(0.02)"`, `"0.002 + 0.03*rms"`. */
  readonly lr?: number | string;
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
}

/** The frame flags of `render` and `zoom`, camelCased. */
export interface FrameOptions extends DreamOptions {
  /** A number, or a schedule. */
  readonly stepsNext?: number | string;
  readonly octavesNext?: number;
  /** A number, or a schedule. */
  readonly blend?: number | string;
  readonly crf?: number;
  readonly framesDir?: string;
  readonly fps?: number;
  readonly resume?: boolean;
  readonly restart?: boolean;
  readonly layerSchedule?: string;
  readonly scheduleMode?: 'switch' | 'blend';
}

const BOOLEAN = new Set(['flip', 'originalColors', 'bgr', 'resume', 'restart', 'audio']);

/**
 * Options as the CLI's raw flags (strings), so the same module validates both and a
 * mistake reads the same: "Expected an integer between 1 and 1000 for --steps but received 0".
 */
export function toFlags<T extends object>(options: T, known: readonly string[]): RawDreamFlags & RawFrameFlags & Record<string, string | boolean | undefined> {
  const flags: Record<string, string | boolean | undefined> = {};
  for (const [key, value] of Object.entries(options)) {
    if (!known.includes(key)) throw new DreamreelError(`unknown option "${key}": expected one of ${known.join(', ')}`);
    if (value === undefined) continue;
    if (BOOLEAN.has(key)) flags[key] = Boolean(value);
    else flags[key] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return flags;
}

export const DREAM_OPTION_NAMES = [
  'output', 'model', 'layers', 'class', 'guide', 'loss', 'crop', 'octaves', 'octaveScale', 'steps', 'lr', 'lrEnd', 'blur', 'blurEnd', 'normalise', 'jitter', 'flip',
  'tileSize', 'maxLoss', 'seed', 'originalColors', 'backend', 'preprocess', 'mean', 'std', 'bgr', 'scale', 'size',
] as const;
export const FRAME_OPTION_NAMES = [...DREAM_OPTION_NAMES, 'stepsNext', 'octavesNext', 'blend', 'crf', 'framesDir', 'fps', 'resume', 'restart', 'layerSchedule', 'scheduleMode'] as const;
