import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { DreamreelError } from '../errors.js';
import type { FrameCarry } from './operators/frames.js';
import { temporaryName } from './temporary-name.js';

/** A checkpointed frame's carry file: read back from disk, so parsed, never trusted. */
const frameCarrySchema = z.object({ fresh: z.boolean(), state: z.record(z.string(), z.unknown()).optional() });

/** `frame-000012.png` keeps its carry in `frame-000012.carry.json`. */
export const carryPathOf = (framePath: string): string => framePath.replace(/\.png$/, '.carry.json');

/** Written under a temporary name and renamed, before the frame itself: a frame on disk always has its carry. */
export async function writeFrameCarry(framePath: string, carried: FrameCarry): Promise<void> {
  const path = carryPathOf(framePath);
  const partial = temporaryName(path);
  try {
    await writeFile(partial, JSON.stringify(carried));
    await rename(partial, path);
  } catch (e) {
    await rm(partial, { force: true });
    throw e;
  }
}

export async function readFrameCarry(framePath: string, dir: string): Promise<FrameCarry | undefined> {
  const path = carryPathOf(framePath);
  if (!existsSync(path)) return undefined;
  try {
    return frameCarrySchema.parse(JSON.parse(await readFile(path, 'utf8')));
  } catch (e) {
    const why = e instanceof z.ZodError ? e.issues.map((i) => `${i.path.join('.') || 'carry'}: ${i.message}`).join('; ') : (e as Error).message;
    throw new DreamreelError(`the unfinished render in ${dir} is damaged (${path}: ${why}): --restart discards it`);
  }
}
