import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { registryEntry } from '../../dream/models/registry.js';
import { Checkpoint } from '../checkpoint.js';
import type { ChunkJobData, JoinJobData } from './payload.js';

/** How a job uses a path: read (must exist inside the root) or written (its nearest existing ancestor must be inside). */
export type PathUse = 'read' | 'write';

/** One path-valued field of a job: its name in messages, how it is used, and where it is in the payload. */
export interface JobPathField {
  readonly name: string;
  readonly use: PathUse;
  readonly get: (data: ChunkJobData | JoinJobData) => string | undefined;
}

/** A path-valued option of the job's parsed render options (a string; `audio: true` is no path). */
const option = (data: ChunkJobData | JoinJobData, key: string): string | undefined => {
  const v = (data.render.options as Record<string, unknown>)[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

/** A model option names a registry model (from the worker's own cache) or a file, which must be inside the root. */
const modelPath = (data: ChunkJobData | JoinJobData): string | undefined => {
  const model = option(data, 'model');
  return model === undefined || registryEntry(model) ? undefined : model;
};

/**
 * The render options (src/options, `renderOptions`) whose values are files a worker reads or
 * writes, and how. `mask` is listed ahead of its option: once the masks group joins the render
 * options, its paths are confined with no further change here. New path-valued options add a line.
 */
export const PATH_OPTIONS = { model: 'read', guide: 'read', mask: 'read', audio: 'read', framesDir: 'write' } as const satisfies Record<string, PathUse>;

/**
 * Every path a job can make a worker read or write: the render's own paths, then each
 * path-valued option. The worker checks them all before anything runs.
 */
export const JOB_PATH_FIELDS: JobPathField[] = [
  { name: 'input', use: 'read', get: (d) => d.render.input },
  { name: 'output', use: 'write', get: (d) => d.render.output },
  // Derived, but a planted symlink under this name would redirect every chunk's frames and segment.
  { name: 'checkpoint folder', use: 'write', get: (d) => Checkpoint.dirFor(d.render.output) },
  ...Object.entries(PATH_OPTIONS).map(([key, use]): JobPathField => ({ name: key, use, get: key === 'model' ? modelPath : (d) => option(d, key) })),
];

/**
 * The submitter's path options made absolute (from its own folder), so they mean the same file on
 * every worker; registry model names and URLs stay as they are (a worker refuses URLs).
 */
export function absolutePathOptions<T extends object>(options: T, cwd = process.cwd()): T {
  const out: Record<string, unknown> = { ...(options as Record<string, unknown>) };
  for (const key of Object.keys(PATH_OPTIONS)) {
    const v = out[key];
    if (typeof v !== 'string' || v === '' || isAbsolute(v) || /^[a-z]+:\/\//i.test(v) || (key === 'model' && registryEntry(v))) continue;
    out[key] = resolve(cwd, v);
  }
  return out as T;
}

const inside = (root: string, path: string): boolean => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
};

const isLink = (path: string): boolean => {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
};

/**
 * The real path of `path`, or of its nearest existing ancestor joined with the rest (a file not
 * written yet). Undefined for a broken symlink on the way: writing through it would land wherever it points.
 */
export function realPathOrAncestor(path: string): string | undefined {
  const rest: string[] = [];
  let at = resolve(path);
  for (;;) {
    try {
      return join(realpathSync(at), ...rest.reverse());
    } catch {
      if (isLink(at)) return undefined;
      const up = dirname(at);
      if (up === at) return resolve(path);
      rest.push(basename(at));
      at = up;
    }
  }
}

/** The worker's root, as a real path; throws when it is not a folder. */
export function realRoot(root: string): string {
  return realpathSync(resolve(root));
}

/**
 * Why the job must not run on a worker confined to `root` (a real path), or undefined when every
 * path it names leads inside. Relative paths are refused: a job's meaning must not depend on the
 * worker's current folder.
 */
export function pathViolation(
  jobId: string,
  data: ChunkJobData | JoinJobData,
  root: string,
  fields: readonly JobPathField[] = JOB_PATH_FIELDS,
): string | undefined {
  for (const field of fields) {
    const path = field.get(data);
    if (path === undefined) continue;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path))
      return `job ${jobId}: ${field.name} ${path} is a URL: a worker reads only files under its root (and registry models from its own cache)`;
    if (!isAbsolute(path)) return `job ${jobId}: ${field.name} ${path} is not an absolute path`;
    // Reads and writes alike: a missing file inside the root is the worker's ordinary failure later,
    // and a path outside gets the same answer whether or not it exists (no probing the worker's disk).
    const real = realPathOrAncestor(path);
    if (real === undefined) return `job ${jobId}: ${field.name} ${path} passes through a broken symbolic link`;
    if (!inside(root, real))
      return `job ${jobId}: ${field.name} ${path}${real !== resolve(path) ? ` (really ${real})` : ''} is outside the worker's root ${root}`;
  }
  return undefined;
}
