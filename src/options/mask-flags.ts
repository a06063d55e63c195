/**
 * The mask flags as commander declares them, apart from their zod schema (./mask.ts) so that
 * declaring them at start-up loads no zod: only a command that runs parses them.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';

/** Masks from the flow instead of a file. */
export const FLOW_MASKS = ['motion', 'still'] as const;

/** The flags as commander declares them, with their help. */
export const MASK_FLAGS: readonly (readonly [flags: string, help: string])[] = [
  ['--mask <file|motion|still>', 'dream only where this picture or video is light (white full, black none), or where the clip moves (motion) or stays (still)'],
  ['--mask-invert', 'dream where the mask is dark instead'],
  ['--mask-feather <px>', 'soften the mask\'s edge over about this many pixels (default 0)'],
  ['--mask-threshold <0-1>', 'grey at or above this dreams fully, below not at all (default: grey levels are weights)'],
  ['--show-mask', 'draw the mask over the live preview: blue where nothing dreams, a yellow line along its edge (outputs are unchanged; preview saves what it shows)'],
  ['--region <mask=spec>', 'dream this region with its own layers or preset (repeatable), e.g. sky.png=inception_4d/output[139]'],
];

/** For commander: --region may be given many times. */
export const collectRegion = (value: string, previous: readonly string[] = []): string[] => [...previous, value];


/** Declares the mask flags on a command (render, zoom, image). */
export function addMaskOptions(cmd: Command): Command {
  for (const [flags, help] of MASK_FLAGS) {
    if (flags.startsWith('--region')) cmd.option(flags, help, collectRegion);
    else cmd.option(flags, help);
  }
  return cmd;
}

/** Mask files as absolute paths (--mask and each --region's): farm workers and resumed runs may start elsewhere. */
export function absoluteMaskPath<T extends { mask?: string; region?: readonly string[] }>(flags: T): T {
  const absolute = (path: string): string => ((FLOW_MASKS as readonly string[]).includes(path) ? path : resolve(path));
  const region = flags.region?.map((r) => {
    const at = r.lastIndexOf('=');
    return at > 0 ? `${absolute(r.slice(0, at).trim())}=${r.slice(at + 1)}` : r;
  });
  return { ...flags, ...(flags.mask ? { mask: absolute(flags.mask) } : {}), ...(region ? { region } : {}) };
}
