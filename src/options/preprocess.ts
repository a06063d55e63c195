import { z } from 'zod';
import { decimal, flag, numbers, oneOf } from './fields.js';
import type { OptionGroup } from './parse.js';

/** The input conventions models are trained with (dream/models/preprocess.ts has their numbers). */
export const PREPROCESS_NAMES = ['torch', 'caffe', 'tf'] as const;

/** How pixels become a network's input (ONNX files do not record it): from flags, the library and ONNX sidecars. */
export const preprocessSchema = z.object({
  preprocess: oneOf(PREPROCESS_NAMES).optional(),
  /** Per-channel mean subtracted after `scale`, in the network's channel order. */
  mean: numbers(3, -1000, 1000, '0.485,0.456,0.406').optional(),
  /** Per-channel standard deviation divided by after the mean. */
  std: numbers(3, 1e-6, 1000, '0.229,0.224,0.225').optional(),
  /** The network reads channels in BGR order. */
  bgr: flag().optional(),
  /** What a white pixel becomes before the mean: 1 (torch), 255 (caffe). */
  scale: decimal(1e-6, 1e6).optional(),
});
export type PreprocessOptions = z.output<typeof preprocessSchema>;
export const preprocessGroup: OptionGroup<typeof preprocessSchema.shape> = { schema: preprocessSchema };

/** The preprocess options given, or undefined when none was (the model's own convention then). */
export function preprocessOf(o: PreprocessOptions): PreprocessOptions | undefined {
  const given = Object.fromEntries(
    Object.entries(preprocessSchema.shape).flatMap(([key]) => {
      const v = (o as Record<string, unknown>)[key];
      return v === undefined || v === false ? [] : [[key, v]];
    }),
  );
  return Object.keys(given).length ? given : undefined;
}
