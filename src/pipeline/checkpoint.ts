import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { DreamreelError } from '../errors.js';
import type { RgbImage } from '../image/image.js';
import { fromBytes, toBytes } from './image-io.js';
import { differences, normalised } from './checkpoint-identity.js';
import { readFrameCarry, writeFrameCarry } from './checkpoint-carry.js';
import { temporaryName } from './temporary-name.js';
import type { FrameCarry } from './operators/frames.js';

interface State {
  readonly identity: string;
  readonly description: string;
  /** The settings themselves, so a refused --resume can name the one that differs. */
  readonly settings?: unknown;
}

/**
 * A render's finished frames, as lossless PNGs beside the output, written one by one under a
 * temporary name and renamed: whatever stops the process (Ctrl-C, SIGTERM, kill -9), every
 * frame on disk is whole. --resume continues after the last one. Each frame is fed forward
 * exactly as saved (8-bit), so a resumed render equals an uninterrupted one.
 */
export class Checkpoint {
  private constructor(
    readonly dir: string,
    /** Frames already finished when this run started. */
    readonly done: number,
    /** This run made the folder, so this run may remove it. */
    readonly created: boolean,
  ) {}

  static dirFor(output: string): string {
    return `${output}.dreamreel-checkpoint`;
  }

  /**
   * `identity` is everything that shapes the frames; a checkpoint of another render is never resumed.
   * `resume` 'auto' continues whatever is there, or starts afresh (farm chunks, which may run twice).
   */
  static async open(output: string, identity: unknown, description: string, resume: boolean | 'auto'): Promise<Checkpoint> {
    const dir = Checkpoint.folderOf(output);
    const settings = normalised(identity);
    const hash = createHash('sha256').update(JSON.stringify(identity)).digest('hex');
    const state = await Checkpoint.readState(dir);
    // A checkpoint without a finished frame holds nothing to keep: it never blocks a run.
    if (state && existsSync(join(dir, Checkpoint.frameName(0)))) {
      if (resume === false) throw new DreamreelError(`an unfinished render of ${output} is in ${dir}: add --resume to continue it, or --restart to start over`);
      if (state.identity !== hash) throw new DreamreelError(Checkpoint.mismatch(dir, state, settings));
      let done = 0;
      while (existsSync(join(dir, Checkpoint.frameName(done)))) done++;
      return new Checkpoint(dir, done, false);
    }
    if (resume === true) throw new DreamreelError(`nothing to resume: no unfinished render of ${output}`);
    const created = !existsSync(dir);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'state.json'), JSON.stringify({ identity: hash, description, settings } satisfies State));
    return new Checkpoint(dir, 0, created || !state);
  }

  private static mismatch(dir: string, state: State, settings: unknown): string {
    const differs = state.settings === undefined ? [] : differences(state.settings, settings);
    const what = differs.length ? `other settings: ${differs.slice(0, 4).join(', ')}` : `other settings (${state.description})`;
    return `the unfinished render in ${dir} was made with ${what}; --resume needs the same command, --restart discards it`;
  }

  /** The checkpoint folder, refusing a plain file of that name: it is not ours to replace. */
  private static folderOf(output: string): string {
    const dir = Checkpoint.dirFor(output);
    if (existsSync(dir) && !statSync(dir).isDirectory())
      throw new DreamreelError(`${dir} is a file, not a dreamreel checkpoint: move it away to render ${output}`);
    return dir;
  }

  private static async readState(dir: string): Promise<State | undefined> {
    const path = join(dir, 'state.json');
    if (!existsSync(path)) return undefined;
    try {
      const state = JSON.parse(await readFile(path, 'utf8')) as State;
      if (typeof state.identity !== 'string') throw new Error('no identity');
      return state;
    } catch (e) {
      throw new DreamreelError(`the unfinished render in ${dir} is damaged (${path}: ${(e as Error).message}): --restart discards it`);
    }
  }

  /** Removes the checkpoint folder; a plain file of that name is refused, never deleted. */
  static async discard(output: string): Promise<void> {
    await rm(Checkpoint.folderOf(output), { recursive: true, force: true });
  }

  /** `frame-…` the finished frame; `unmasked-…` a masked render's whole dream, which its carry continues. */
  static frameName(index: number, kind: 'frame' | 'unmasked' = 'frame'): string {
    return `${kind}-${String(index).padStart(6, '0')}.png`;
  }

  /** The frame's carry state is written first: the frame's rename commits both. */
  /** `bytes`: the image's 8-bit RGB when the caller has it already (toBytes(image)). */
  async save(index: number, image: RgbImage, carried?: FrameCarry, kind: 'frame' | 'unmasked' = 'frame', bytes = toBytes(image)): Promise<void> {
    const path = join(this.dir, Checkpoint.frameName(index, kind));
    const partial = temporaryName(path);
    try {
      if (carried) await writeFrameCarry(path, carried);
      await sharp(bytes, { raw: { width: image.width, height: image.height, channels: 3 } })
        .png({ compressionLevel: 1 })
        .toFile(partial);
      await rename(partial, path);
    } catch (e) {
      await rm(partial, { force: true });
      const reason = String((e as Error).message)
        .replace(/\s+/g, ' ')
        .trim();
      if (/ENOSPC|no space left/i.test(reason))
        throw new DreamreelError(`the disk is full: frame ${index + 1} could not be saved in ${this.dir}; free some space, then add --resume to continue`);
      throw new DreamreelError(`cannot save frame ${index + 1} in ${this.dir}: ${reason}`);
    }
  }

  async load(index: number, kind: 'frame' | 'unmasked' = 'frame'): Promise<RgbImage> {
    const path = join(this.dir, Checkpoint.frameName(index, kind));
    try {
      const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
      return fromBytes(data, info.width, info.height);
    } catch (e) {
      throw new DreamreelError(`the unfinished render in ${this.dir} is damaged (${path}: ${(e as Error).message}): --restart discards it`);
    }
  }

  /** What was saved with a frame for the carry, or undefined for a checkpoint without it (an older dreamreel). */
  async loadCarry(index: number): Promise<FrameCarry | undefined> {
    return readFrameCarry(join(this.dir, Checkpoint.frameName(index)), this.dir);
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** An 8-bit round trip: what is fed forward is exactly what a resumed run reads back. */
export function quantize(image: RgbImage): RgbImage {
  return quantizeWithBytes(image).image;
}

/** quantize, with the bytes it went through: the checkpoint and the encoder take them as they are. */
export function quantizeWithBytes(image: RgbImage): { readonly image: RgbImage; readonly bytes: Buffer } {
  const bytes = toBytes(image);
  return { image: fromBytes(bytes, image.width, image.height), bytes };
}
