import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { DreamreelError } from '../errors.js';
import type { RgbImage } from '../dream/image.js';
import { fromBytes, toBytes } from './image-io.js';

interface State {
  readonly identity: string;
  readonly description: string;
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
  ) {}

  static dirFor(output: string): string {
    return `${output}.dreamreel-checkpoint`;
  }

  /** `identity` is everything that shapes the frames; a checkpoint of another render is never resumed. */
  static async open(output: string, identity: unknown, description: string, resume: boolean): Promise<Checkpoint> {
    const dir = Checkpoint.dirFor(output);
    const hash = createHash('sha256').update(JSON.stringify(identity)).digest('hex');
    const statePath = join(dir, 'state.json');
    if (existsSync(statePath)) {
      const state = JSON.parse(await readFile(statePath, 'utf8')) as State;
      if (resume) {
        if (state.identity !== hash) throw new DreamreelError(`the unfinished render in ${dir} was made with other settings (${state.description}); --resume needs the same command`);
        let done = 0;
        while (existsSync(join(dir, Checkpoint.frameName(done)))) done++;
        return new Checkpoint(dir, done);
      }
      throw new DreamreelError(`an unfinished render of ${output} is in ${dir}: add --resume to continue it, or --restart to start over`);
    }
    if (resume) throw new DreamreelError(`nothing to resume: no unfinished render of ${output}`);
    await mkdir(dir, { recursive: true });
    await writeFile(statePath, JSON.stringify({ identity: hash, description } satisfies State));
    return new Checkpoint(dir, 0);
  }

  static async discard(output: string): Promise<void> {
    await rm(Checkpoint.dirFor(output), { recursive: true, force: true });
  }

  static frameName(index: number): string {
    return `frame-${String(index).padStart(6, '0')}.png`;
  }

  async save(index: number, image: RgbImage): Promise<void> {
    const path = join(this.dir, Checkpoint.frameName(index));
    const partial = `${path}.partial`;
    await sharp(toBytes(image), { raw: { width: image.width, height: image.height, channels: 3 } }).png({ compressionLevel: 1 }).toFile(partial);
    await rename(partial, path);
  }

  async load(index: number): Promise<RgbImage> {
    const { data, info } = await sharp(join(this.dir, Checkpoint.frameName(index))).raw().toBuffer({ resolveWithObject: true });
    return fromBytes(data, info.width, info.height);
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** An 8-bit round trip: what is fed forward is exactly what a resumed run reads back. */
export function quantize(image: RgbImage): RgbImage {
  return fromBytes(toBytes(image), image.width, image.height);
}
