import { dream as ascend } from '../dream/ascent.js';
import type { StepEvent } from '../dream/ascent.js';
import { resizeImage, type RgbImage } from '../image/image.js';
import { blankStart } from '../dream/blank-start.js';
import { DreamreelError } from '../errors.js';
import { readImage, writeImage } from '../pipeline/image-io.js';
import { backendName, dreamSettings } from '../cli/dream-options.js';
import { openSession } from '../cli/session.js';
import { existingFile, size as parseSize, writableOutput } from '../cli/validate.js';
import { DREAM_OPTION_NAMES, toFlags, type DreamOptions } from './options.js';
import { maskPlanFromFlags } from '../pipeline/mask-plan.js';
import { regionObjectives } from './regions.js';

/** Where a dream starts: a picture file, raw RGB in [0, 1] (HWC), or a flat grey or noise start of `size`. */
export type DreamInput = string | RgbImage | 'grey' | 'noise';

export interface DreamHooks {
  readonly onStep?: (event: StepEvent) => void;
  /** Notes such as "downloaded model.json". */
  readonly onLog?: (line: string) => void;
}

async function startPicture(input: DreamInput, options: DreamOptions, seed: number): Promise<RgbImage> {
  const wanted = options.size === undefined ? undefined : parseSize('--size', String(options.size));
  if (input === 'grey' || input === 'noise') {
    const side = wanted?.maxSide ?? 512;
    return blankStart(input, wanted?.width ?? side, wanted?.height ?? side, seed + 1);
  }
  let picture: RgbImage;
  if (typeof input === 'string') picture = await readImage(existingFile('input', input), wanted?.maxSide);
  else if (input.data.length !== input.width * input.height * 3) throw new DreamreelError(`Expected ${input.width * input.height * 3} RGB values for a ${input.width}x${input.height} input but received ${input.data.length}`);
  else picture = input;
  return wanted?.width ? resizeImage(picture, wanted.width, wanted.height!) : picture;
}

/**
 * Dreams one picture, as `dreamreel image` does: same options (its flags camelCased), same
 * validation, same one-line DreamreelErrors. Writes `output` when given; returns the dream.
 */
export async function dream(input: DreamInput, options: DreamOptions = {}, hooks: DreamHooks = {}): Promise<RgbImage> {
  const flags = toFlags(options, DREAM_OPTION_NAMES);
  const settings = dreamSettings(flags);
  backendName(flags);
  if (options.output) writableOutput(options.output);
  const source = await startPicture(input, options, settings.seed);
  const mask = await maskPlanFromFlags(flags, { width: source.width, height: source.height, frames: 1, ...(options.output ? { output: options.output } : {}) }, 'a single picture has no motion to measure, use it with render');
  const session = await openSession(flags, hooks.onLog ?? (() => undefined));
  try {
    for (const warning of mask.warnings) hooks.onLog?.(`warning: ${warning}`);
    const regions = regionObjectives(session, mask.regionSpecs).map((objective, i) => ({ objective, weight: mask.regionFirsts[i]! }));
    const result = await ascend(session.engine, source, session.objective, settings, { ...(hooks.onStep ? { onStep: hooks.onStep } : {}), ...(mask.first ? { weight: mask.first } : {}), regions });
    if (options.output) await writeImage(result, options.output);
    return result;
  } finally {
    await session.engine.dispose();
  }
}
