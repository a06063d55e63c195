import { DreamreelError } from '../errors.js';
import type { Mask } from '../image/mask.js';
import type { MaskShape } from '../flow/mask-shape.js';
import type { DecodeOptions } from './decode-frames.js';
import { maskIdentity, openMaskFile, withMask, type MaskChoice } from './mask-source.js';
import type { FrameSources } from './render.js';
import { maskShape, parseMaskOptions } from '../options/mask.js';

/** What a render needs of --mask: said at the start, remembered by the checkpoint, zipped into the frames. */
export interface MaskPlan {
  readonly warnings: readonly string[];
  readonly identity: Record<string, unknown>;
  /** The sources with each frame's mask zipped in. */
  readonly apply: (sources: FrameSources) => FrameSources;
  /** A mask file's first frame: the weight of a single picture. */
  readonly first?: Mask;
}

export const NO_MASK: MaskPlan = { warnings: [], identity: {}, apply: (sources) => sources };

/** The frames a mask is made for: their size and count, and the clip's rate and range to decode a mask video in step. */
export type MaskFrames = DecodeOptions & { readonly frames: number };

/**
 * Checks --mask and opens it: a file (picture or video, read in step with the clip), or `motion`
 * / `still` (from the flow, render only). `noMotion` says why this render measures no motion, if it does not.
 */
export async function planMask(spec: string | undefined, shape: MaskShape, frames: MaskFrames, noMotion?: string): Promise<MaskPlan> {
  if (spec === undefined) return NO_MASK;
  let choice: MaskChoice;
  if (spec === 'motion' || spec === 'still') {
    if (noMotion) throw new DreamreelError(`--mask ${spec} is made from the clip's motion: ${noMotion}`);
    choice = { kind: spec, shape };
  } else choice = { kind: 'file', file: await openMaskFile(spec, frames, shape) };
  const decode: DecodeOptions = { width: frames.width, height: frames.height, ...(frames.fps ? { fps: frames.fps } : {}), ...(frames.start ? { start: frames.start } : {}), ...(frames.duration ? { duration: frames.duration } : {}) };
  return {
    warnings: choice.kind === 'file' ? choice.file.warnings : [],
    identity: maskIdentity(choice),
    apply: (sources) => withMask(sources, choice, decode),
    ...(choice.kind === 'file' ? { first: choice.file.first } : {}),
  };
}

/** planMask from the raw flags (CLI strings, preset values or library options), validated by the mask options schema. */
export function maskPlanFromFlags(flags: object, frames: MaskFrames, noMotion?: string): Promise<MaskPlan> {
  const options = parseMaskOptions(flags as Record<string, unknown>);
  return planMask(options.mask, maskShape(options), frames, noMotion);
}
