import { accessSync, constants, existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { DreamreelError } from '../errors.js';

/**
 * The checks of user paths every command and the library run before any work: the values
 * themselves are judged by src/options; these look at the file system.
 */

export function existingFile(name: string, path: string): string {
  if (!existsSync(path)) throw new DreamreelError(`${name}: no such file ${path}`);
  return path;
}

/** The output's folder must exist and be writable, and the output must not be a folder. */
export function writableOutput(path: string): string {
  const dir = dirname(resolve(path));
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new DreamreelError(`cannot write ${path}: ${existsSync(dir) ? 'its folder is not writable' : `no such folder ${dir}`}`);
  }
  if (existsSync(path) && statSync(path).isDirectory()) throw new DreamreelError(`cannot write ${path}: it is a folder`);
  return path;
}

/** A path's real location even before it exists: its folder's real path and its name (symlinks resolved). */
function realTarget(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    try {
      return join(realpathSync(dirname(absolute)), basename(absolute));
    } catch {
      return absolute;
    }
  }
}

/** Writing the output over the input would destroy the source before it is read. */
export function distinctOutput(input: string, output: string): void {
  if (realTarget(input) === realTarget(output)) throw new DreamreelError(`refusing to write ${output}: it is the input ${input} itself; choose another output`);
}

export const VIDEO_FORMATS = ['mp4', 'mkv', 'mov', 'webm', 'gif'] as const;
export const IMAGE_FORMATS = ['png', 'jpg', 'jpeg', 'webp', 'tiff', 'avif'] as const;

/** The output's extension names a format we can write: checked before any work is done. */
export function outputFormat(path: string, formats: readonly string[]): string {
  const ext = extname(path).slice(1).toLowerCase();
  if (!formats.includes(ext))
    throw new DreamreelError(`cannot write ${path}: ${ext ? `.${ext} is not` : 'give an extension,'} one of ${formats.map((f) => `.${f}`).join(', ')}`);
  return ext;
}

/** Everything about an output path, in the order the CLI has always said it: folder, format, not the input. */
export function checkOutput(output: string, formats: readonly string[], input?: string): void {
  writableOutput(output);
  outputFormat(output, formats);
  if (input !== undefined) distinctOutput(input, output);
}

/** A folder to write into: absent (it is made) or a folder, never a plain file. */
export function folderOrAbsent(name: string, path: string): string {
  if (existsSync(path) && !statSync(path).isDirectory()) throw new DreamreelError(`${name}: ${path} is a file, not a folder`);
  return path;
}
