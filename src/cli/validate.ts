import { accessSync, constants, existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { DreamreelError } from '../errors.js';
import { redactUrl } from '../pipeline/farm/redis-url.js';

/**
 * Every check of user input, and the one shape of its messages (after sharp's
 * is.js/errors): "Expected <what> for <flag> but received <value>".
 */
export function invalid(flag: string, expected: string, received: unknown): DreamreelError {
  return new DreamreelError(`Expected ${expected} for ${flag} but received ${JSON.stringify(received)}`);
}

export const is = {
  integer: (v: number): boolean => Number.isInteger(v),
  inRange: (v: number, low: number, high: number): boolean => v >= low && v <= high,
  oneOf: <T extends string>(v: string, options: readonly T[]): v is T => (options as readonly string[]).includes(v),
};

function parseNumber(raw: string | number): number {
  return typeof raw === 'number' ? raw : raw.trim() === '' ? NaN : Number(raw);
}

export function integerIn(flag: string, raw: string | number, low: number, high: number): number {
  const v = parseNumber(raw);
  if (!is.integer(v) || !is.inRange(v, low, high)) throw invalid(flag, `an integer between ${low} and ${high}`, raw);
  return v;
}

export function numberIn(flag: string, raw: string | number, low: number, high: number): number {
  const v = parseNumber(raw);
  if (!Number.isFinite(v) || !is.inRange(v, low, high)) throw invalid(flag, `a number between ${low} and ${high}`, raw);
  return v;
}

export function oneOf<T extends string>(flag: string, raw: string, options: readonly T[]): T {
  if (!is.oneOf(raw, options)) throw invalid(flag, `one of ${options.join(', ')}`, raw);
  return raw;
}

export function existingFile(flag: string, path: string): string {
  if (!existsSync(path)) throw new DreamreelError(`${flag}: no such file ${path}`);
  return path;
}

/** "640x360" or "640" (longest side). */
export function size(flag: string, raw: string): { width?: number; height?: number; maxSide?: number } {
  const m = /^(\d+)(?:x(\d+))?$/.exec(raw.trim());
  if (!m) throw invalid(flag, 'a size such as 512 or 640x360', raw);
  const a = Number(m[1]);
  const b = m[2] ? Number(m[2]) : undefined;
  for (const v of [a, b]) if (v !== undefined && !is.inRange(v, 16, 16384)) throw invalid(flag, 'sides between 16 and 16384 pixels', raw);
  return b === undefined ? { maxSide: a } : { width: a, height: b };
}

/** "dx,dy" as two numbers. */
export function pair(flag: string, raw: string, low: number, high: number): [number, number] {
  const parts = raw.split(',').map((p) => Number(p));
  if (parts.length !== 2 || parts.some((p) => !Number.isFinite(p) || !is.inRange(p, low, high))) throw invalid(flag, `two numbers between ${low} and ${high} such as 1.5,-2`, raw);
  return parts as [number, number];
}

/** Levenshtein distance, for "did you mean" lists. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}

export function nearest(name: string, candidates: readonly string[], count = 3): string[] {
  return [...candidates].sort((x, y) => distance(name, x) - distance(name, y)).slice(0, count);
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
  if (!formats.includes(ext)) throw new DreamreelError(`cannot write ${path}: ${ext ? `.${ext} is not` : 'give an extension,'} one of ${formats.map((f) => `.${f}`).join(', ')}`);
  return ext;
}

/** A folder to write into: absent (it is made) or a folder, never a plain file. */
export function folderOrAbsent(flag: string, path: string): string {
  if (existsSync(path) && !statSync(path).isDirectory()) throw new DreamreelError(`${flag}: ${path} is a file, not a folder`);
  return path;
}

/** A Redis URL for the render farm: redis://host[:port][/db] or rediss:// for TLS. */
export function redisUrl(flag: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(flag, 'a Redis URL such as redis://queue:6379', redactUrl(raw));
  }
  if (!['redis:', 'rediss:'].includes(url.protocol) || !url.hostname) throw invalid(flag, 'a Redis URL such as redis://queue:6379', redactUrl(raw));
  return raw;
}
