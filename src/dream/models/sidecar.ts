import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { z } from 'zod';
import { DreamreelError } from '../../errors.js';
import { PREPROCESS_NAMES, type PreprocessSpec } from './preprocess.js';

const triple = z.tuple([z.number(), z.number(), z.number()]);
const SIDECAR = z
  .object({
    preprocess: z.enum(PREPROCESS_NAMES as [string, ...string[]]).optional(),
    mean: triple.optional(),
    std: triple.optional(),
    bgr: z.boolean().optional(),
    scale: z.number().positive().optional(),
    /** Good layers to dream with, best first. */
    layers: z.array(z.string()).optional(),
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
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DreamreelError(`${path}: ${issue.path.join('.') || 'top level'}: ${issue.message}`);
  }
  const { layers, ...preprocess } = parsed.data;
  return { preprocess: preprocess as PreprocessSpec, ...(layers ? { layers } : {}) };
}
