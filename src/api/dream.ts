import { dream as ascend, type StepEvent } from '../dream/ascent.js';
import { resizeImage, type RgbImage } from '../image/image.js';
import { blankStart } from '../dream/blank-start.js';
import { DreamreelError } from '../errors.js';
import { readImage, writeImage } from '../pipeline/image-io.js';
import { pictureSize } from '../pipeline/image-size.js';
import { dreamOptions, parseOptions, parseSize, type DreamOptionsIn, type DreamOptionsOut, type SizeSpec } from '../options/index.js';
import { checkOutput, existingFile, IMAGE_FORMATS } from './checks.js';
import { checkSizeOrClose, openSession, orClose, type DreamSession, type SessionContext } from './session.js';
import { dreamSettings } from './settings.js';
import type { DreamSettings } from '../dream/settings.js';
import { planMask } from '../pipeline/mask-plan.js';
import { pictureMasks, shownWithMask } from './masks.js';

/** Where a dream starts: a picture file, raw RGB in [0, 1] (HWC), or a flat grey or noise start of `size`. */
export type DreamInput = 'grey' | 'noise' | (string & Record<never, never>) | RgbImage;

export interface DreamHooks {
  readonly onStep?: (event: StepEvent) => void;
  /** Notes such as "downloaded model.json". */
  readonly onLog?: (line: string) => void;
}

/** What the ascent loop takes from whoever watches it: stop and pause. */
export interface DreamControls {
  readonly signal?: AbortSignal;
  readonly beforeStep?: () => Promise<void>;
  readonly onStep?: (event: StepEvent) => void;
}

/** A picture dream ready to run: checked, its model open and its start picture read. */
export interface PreparedDream {
  readonly session: DreamSession;
  readonly settings: DreamSettings;
  readonly source: RgbImage;
  /** Said before the dream starts (how a mask was fitted, that it is black). */
  readonly warnings: readonly string[];
  /** The dream as the live preview shows it (the mask drawn over it with showMask). */
  shown(result: RgbImage): RgbImage;
  /** Dreams, and writes the output when one was given. */
  run(controls?: DreamControls): Promise<RgbImage>;
  close(): Promise<void>;
}

const isBlank = (input: DreamInput): input is 'grey' | 'noise' => input === 'grey' || input === 'noise';

/** The dream's size, known before anything is decoded: from the option, the picture's header, or 512 for a blank start. */
async function plannedSize(input: DreamInput, wanted: SizeSpec | undefined): Promise<{ width: number; height: number }> {
  if (typeof input === 'string' && !isBlank(input)) {
    const header = await pictureSize(existingFile('input', input), wanted?.maxSide);
    return { width: wanted?.width ?? header.width, height: wanted?.height ?? header.height };
  }
  if (typeof input === 'string') return { width: wanted?.width ?? wanted?.maxSide ?? 512, height: wanted?.height ?? wanted?.maxSide ?? 512 };
  if (input.data.length !== input.width * input.height * 3)
    throw new DreamreelError(
      `Expected ${input.width * input.height * 3} RGB values for a ${input.width}x${input.height} input but received ${input.data.length}`,
    );
  return { width: wanted?.width ?? input.width, height: wanted?.height ?? input.height };
}

/** The start picture, decoded only once its size is known to fit; an exact size stretches it. */
async function startPicture(input: DreamInput, wanted: SizeSpec | undefined, size: { width: number; height: number }, seed: number): Promise<RgbImage> {
  if (typeof input === 'string' && isBlank(input)) return blankStart(input, size.width, size.height, seed + 1);
  const picture = typeof input === 'string' ? await readImage(input, wanted?.maxSide) : input;
  return wanted?.width ? resizeImage(picture, wanted.width, wanted.height!) : picture;
}

/**
 * What `dreamreel image` and the library's `dream` share: the output checked first (folder,
 * format, not the input itself), the size read from the picture's header, the model opened, the
 * size checked against the network and this machine's memory, and only then the picture decoded.
 */
export async function prepareDream(input: DreamInput, o: DreamOptionsOut, ctx: SessionContext): Promise<PreparedDream> {
  const settings = dreamSettings(o);
  const wanted = o.size === undefined ? undefined : parseSize(o.size);
  if (o.output) checkOutput(o.output, IMAGE_FORMATS, typeof input === 'string' && !isBlank(input) ? input : undefined);
  const size = await plannedSize(input, wanted);
  const mask = await planMask(
    o,
    { ...size, frames: 1, ...(o.output ? { output: o.output } : {}) },
    ctx.surface === 'cli' ? 'image has no clip to measure, use it with render' : 'a single picture has no motion to measure, use it with render',
  );
  // The session first: its mistakes (an unknown layer) print as one plain line, before any UI draws.
  const session = await openSession(o, ctx);
  await checkSizeOrClose(session, { ...size, tileSize: settings.tileSize }, ctx.surface);
  const masks = await orClose(session, () => pictureMasks(mask, session, ctx));
  const source = await orClose(session, () => startPicture(input, wanted, size, settings.seed));
  return {
    session,
    settings,
    source,
    warnings: mask.warnings,
    shown: (result) => shownWithMask(result, mask.first, o.showMask),
    run: async (controls = {}) => {
      const result = await ascend(session.engine, source, session.objective, settings, { ...controls, ...masks });
      if (o.output) await writeImage(result, o.output);
      return result;
    },
    close: () => session.engine.dispose(),
  };
}

/** `dreamreel image`'s flags camelCased, with the output and size of the picture. */
export type DreamOptions = DreamOptionsIn;

/**
 * Dreams one picture, as `dreamreel image` does: same options (its flags camelCased), same
 * checks, one-line DreamreelErrors naming the option. Writes `output` when given; returns the dream.
 */
export async function dream(input: DreamInput, options: DreamOptions = {}, hooks: DreamHooks = {}): Promise<RgbImage> {
  const o = parseOptions(dreamOptions, options, 'library');
  const prepared = await prepareDream(input, o, { surface: 'library', log: hooks.onLog ?? (() => undefined) });
  try {
    for (const warning of prepared.warnings) hooks.onLog?.(`warning: ${warning}`);
    return await prepared.run(hooks.onStep ? { onStep: hooks.onStep } : {});
  } finally {
    await prepared.close();
  }
}
