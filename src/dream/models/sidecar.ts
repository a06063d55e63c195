import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { z } from 'zod';
import { DreamreelError } from '../../errors.js';
import { optionsError } from '../../options/messages.js';
import { preprocessSchema } from '../../options/preprocess.js';
import type { PreprocessSpec } from './preprocess.js';

/** The preprocess options of the options model (the flags' ranges and messages), and good layers. */
const SIDECAR = preprocessSchema
  .extend({
    /** Good layers to dream with, best first. */
    layers: z.array(z.string({ errorMap: () => ({ message: 'layer names' }) }), { errorMap: () => ({ message: 'a list of layer names' }) }).optional(),
  })
  .strict();

export interface Sidecar {
  readonly preprocess: PreprocessSpec;
  readonly layers?: readonly string[];
}

/** `resnet50.dreamreel.json` beside `resnet50.onnx`: what the file itself cannot say. */
export function sidecarPath(modelFile: string): string {
  return join(dirname(modelFile), `${basename(modelFile, extname(modelFile))}.dreamreel.json`);
}

export function readSidecar(modelFile: string): Sidecar | undefined {
  const path = sidecarPath(modelFile);
  if (!existsSync(path)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new DreamreelError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = SIDECAR.safeParse(raw);
  if (!parsed.success) throw new DreamreelError(`${path}: ${optionsError(parsed.error, raw, 'file').message}`);
  const { layers, ...preprocess } = parsed.data;
  return { preprocess, ...(layers ? { layers } : {}) };
}
