import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import envPaths from 'env-paths';
import type { ModelFormat } from './registry.js';
import { sidecarPath } from './sidecar.js';

/**
 * A model is identified by its content, not its name: a resume after a model file was replaced
 * must be refused. Hashing 28 MB on every run would cost a tenth of a second, so each model's
 * hash is cached beside it in `.dreamreel-hash.json` (or, where that folder is read-only, in the
 * user's cache directory), valid while every file keeps its size and modification time.
 */
export const HASH_CACHE_FILE = '.dreamreel-hash.json';

type Stamps = Record<string, readonly [number, number]>;
interface CachedHash {
  readonly stamps: Stamps;
  readonly sha256: string;
}
type CacheFile = Record<string, CachedHash>;

const isUrl = (s: string): boolean => /^https?:\/\//.test(s);

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** The files a model is read from, by format: its start file and whatever that file draws on. */
export function modelFiles(format: ModelFormat, path: string): string[] {
  const dir = dirname(path);
  switch (format) {
    case 'caffe':
      return [
        path,
        ...readdirSync(dir)
          .filter((f) => f.endsWith('.caffemodel'))
          .map((f) => join(dir, f)),
        ...filesUnder(join(dir, 'weights')),
      ];
    case 'tfjs-layers': {
      const json = JSON.parse(readFileSync(path, 'utf8')) as { weightsManifest?: { paths: string[] }[] };
      return [path, ...(json.weightsManifest ?? []).flatMap((g) => g.paths.map((p) => join(dir, p)))];
    }
    case 'graphdef':
      return [path];
    case 'onnx':
      return [path, sidecarPath(path), ...externalData(path)].filter((f) => existsSync(f));
  }
}

/** The protobuf bytes of an ONNX external-data entry's key: field 1 "location", then field 2 (its value) follows. */
const LOCATION = Buffer.from('\x0a\x08location\x12', 'latin1');

/** A protobuf varint at `at`: its value and where it ends. */
function varint(bytes: Buffer, at: number): [value: number, end: number] {
  let value = 0;
  for (let shift = 0; at < bytes.length && shift < 35; shift += 7) {
    const b = bytes[at++]!;
    value += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) break;
  }
  return [value, at];
}

/** External-data files an ONNX model names (one scan of its bytes, no full decode), those beside it that exist. */
function externalData(onnx: string): string[] {
  const bytes = readFileSync(onnx);
  const names = new Set<string>();
  for (let at = bytes.indexOf(LOCATION); at >= 0; at = bytes.indexOf(LOCATION, at + 1)) {
    const [length, start] = varint(bytes, at + LOCATION.length);
    names.add(bytes.toString('utf8', start, start + length));
  }
  const dir = dirname(onnx);
  return [...names].map((n) => join(dir, n)).filter((f) => dirname(f) === dir && existsSync(f));
}

function stampsOf(files: readonly string[], root: string): Stamps {
  const stamps: Stamps = {};
  for (const f of [...new Set(files)].sort()) {
    const s = statSync(f);
    stamps[relative(root, f)] = [s.size, Math.trunc(s.mtimeMs)];
  }
  return stamps;
}

function hashFiles(stamps: Stamps, root: string): string {
  const hash = createHash('sha256');
  for (const rel of Object.keys(stamps))
    hash.update(`${rel}\0`).update(
      createHash('sha256')
        .update(readFileSync(join(root, rel)))
        .digest('hex'),
    );
  return hash.digest('hex');
}

/**
 * The cache beside the model, then the user's cache (keyed by the model's full path). A folder
 * without write permission bits is left alone even when the filesystem would let root write.
 */
function cachePlaces(start: string): { file: string; key: string }[] {
  const userCache = { file: join(envPaths('dreamreel', { suffix: '' }).cache, 'model-hashes.json'), key: start };
  const writable = (statSync(dirname(start)).mode & 0o222) !== 0;
  return writable ? [{ file: join(dirname(start), HASH_CACHE_FILE), key: basename(start) }, userCache] : [userCache];
}

function readCache(file: string): CacheFile {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
  } catch {
    return {};
  }
}

/** Written under a temporary name and renamed, so a reader never sees half a cache. */
function writeCache(file: string, key: string, entry: CachedHash): boolean {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, JSON.stringify({ ...readCache(file), [key]: entry }));
    renameSync(partial, file);
    return true;
  } catch {
    return false;
  }
}

const same = (a: Stamps, b: Stamps): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The sha256 of a local model's files (undefined for a model read from a URL). Computed once per
 * content: a cached hash is reused while every file keeps its size and modification time.
 */
export function modelContentHash(format: ModelFormat, path: string): string | undefined {
  if (isUrl(path)) return undefined;
  const root = dirname(path);
  const stamps = stampsOf(modelFiles(format, path), root);
  const places = cachePlaces(path);
  for (const { file, key } of places) {
    const cached = readCache(file)[key];
    if (cached && same(cached.stamps, stamps)) return cached.sha256;
  }
  const sha256 = hashFiles(stamps, root);
  places.some(({ file, key }) => writeCache(file, key, { stamps, sha256 }));
  return sha256;
}
