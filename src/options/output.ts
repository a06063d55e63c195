import { z } from 'zod';
import { integer, oneOf, size, text } from './fields.js';
import type { OptionGroup } from './parse.js';

/** Where the result goes (its format, folder and lock are checked in src/api/checks.ts). */
export const outputSchema = z.object({ output: text().optional() });
export const outputGroup: OptionGroup<typeof outputSchema.shape> = { schema: outputSchema };

/** One picture: its size, and for `dreamreel image` where the dream starts. */
export const pictureSchema = z.object({
  /** Longest side (a number or "640"), or an exact "WxH". */
  size: size().optional(),
});
export const pictureGroup: OptionGroup<typeof pictureSchema.shape> = { schema: pictureSchema };

export const imageStartSchema = z.object({ start: oneOf(['image', 'grey', 'noise']).default('image') });
export const imageStartGroup: OptionGroup<typeof imageStartSchema.shape> = { schema: imageStartSchema };

/** `dreamreel preview`: one frame, small, drawn in the terminal. */
export const previewSchema = z.object({
  frame: integer(0, 1e9).default(0),
  size: integer(32, 2048).default(256),
  columns: integer(8, 400).default(80),
  graphics: oneOf(['auto', 'kitty', 'iterm2', 'blocks']).default('auto'),
});
export const previewGroup: OptionGroup<typeof previewSchema.shape> = { schema: previewSchema };

/** `dreamreel models layers`: the square input size the shapes are listed at. */
export const layerListingSchema = z.object({ size: integer(8, 4096).default(224) });
export const layerListingGroup: OptionGroup<typeof layerListingSchema.shape> = { schema: layerListingSchema };
