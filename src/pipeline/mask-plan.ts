import { existsSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { DreamreelError } from '../errors.js';
import type { Mask } from '../image/mask.js';
import type { MaskShape } from '../flow/mask-shape.js';
import type { DecodeOptions } from './decode-frames.js';
import { openMaskFile, withMask, type MaskChoice } from './mask-source.js';
import { asRegion } from './operators/attach-masks.js';
import type { FrameSources } from './render.js';
import { hasMask, maskShape, parseMaskOptions, splitRegion, type MaskOptions } from '../options/mask.js';

/** What a render needs of --mask and --region: said at the start, remembered by the checkpoint, zipped into the frames. */
export interface MaskPlan {
  readonly warnings: readonly string[];
  readonly identity: Record<string, unknown>;
  /** The sources with each frame's mask and region weights zipped in. */
  readonly apply: (sources: FrameSources) => FrameSources;
  /** A mask file's first frame: the weight of a single picture. */
  readonly first?: Mask;
  /** What each --region dreams (a preset name or a layers spec), in order. */
  readonly regionSpecs: readonly string[];
  /** Each region's first mask (a single picture's region weights); undefined for a flow mask. */
  readonly regionFirsts: readonly (Mask | undefined)[];
}

export const NO_MASK: MaskPlan = { warnings: [], identity: {}, apply: (sources) => sources, regionSpecs: [], regionFirsts: [] };

/** The frames a mask is made for: their size and count, and the clip's rate and range to decode a mask video in step. */
export type MaskFrames = DecodeOptions & {
  readonly frames: number;
  /** Never a mask: refused, so a render cannot overwrite its own mask. */ readonly output?: string;
};

const realOrSame = (path: string): string => (existsSync(path) ? realpathSync(path) : resolve(path));

/** A mask spec opened: a file checked and read, or `motion` / `still` where this render measures motion. */
async function openChoice(spec: string, shape: MaskShape, frames: MaskFrames, flag: string, noMotion?: string): Promise<MaskChoice> {
  if (spec === 'motion' || spec === 'still') {
    if (noMotion) throw new DreamreelError(`${flag} ${spec} is made from the clip's motion: ${noMotion}`);
    return { kind: spec, shape };
  }
  if (frames.output && realOrSame(spec) === realOrSame(frames.output))
    throw new DreamreelError(`refusing to write ${frames.output}: it is the ${flag} ${spec} itself; choose another output`);
  return { kind: 'file', file: await openMaskFile(spec, frames, shape, flag) };
}

const identityOf = (choice: MaskChoice): unknown => (choice.kind === 'file' ? choice.file.identity : { kind: choice.kind, ...choice.shape });

/**
 * Checks --mask and each --region's mask and opens them: files (pictures or videos, read in step
 * with the clip), or `motion` / `still` (from the flow, render only). `noMotion` says why this
 * render measures no motion, if it does not.
 */
export async function planMask(options: MaskOptions, frames: MaskFrames, noMotion?: string): Promise<MaskPlan> {
  if (!hasMask(options)) return NO_MASK;
  const shape = maskShape(options);
  const decode: DecodeOptions = {
    width: frames.width,
    height: frames.height,
    ...(frames.fps ? { fps: frames.fps } : {}),
    ...(frames.start ? { start: frames.start } : {}),
    ...(frames.duration ? { duration: frames.duration } : {}),
  };
  const main = options.mask === undefined ? undefined : await openChoice(options.mask, shape, frames, '--mask', noMotion);
  // Each item was checked by the options model.
  const given = options.region.map((r) => splitRegion(r)!);
  // A region is where its mask is light: --mask-invert is for --mask alone.
  const regions = await Promise.all(given.map((r) => openChoice(r.mask, { ...shape, invert: false }, frames, '--region', noMotion)));
  const files = [main, ...regions].flatMap((c) => (c?.kind === 'file' ? [c.file] : []));
  return {
    warnings: files.flatMap((f) => f.warnings),
    identity: {
      ...(main ? { mask: identityOf(main) } : {}),
      ...(regions.length ? { regions: regions.map((c, i) => ({ spec: given[i]!.spec, mask: identityOf(c) })) } : {}),
    },
    apply: (sources) => regions.reduce((s, choice, i) => withMask(s, choice, decode, asRegion(i)), withMask(sources, main, decode)),
    ...(main?.kind === 'file' ? { first: main.file.first } : {}),
    regionSpecs: given.map((r) => r.spec),
    regionFirsts: regions.map((c) => (c.kind === 'file' ? c.file.first : undefined)),
  };
}

/** planMask from the raw flags (CLI strings, preset values or library options), validated by the mask options schema. */
export function maskPlanFromFlags(flags: object, frames: MaskFrames, noMotion?: string): Promise<MaskPlan> {
  return planMask(parseMaskOptions(flags as Record<string, unknown>), frames, noMotion);
}
