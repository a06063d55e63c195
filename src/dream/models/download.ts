import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DreamreelError } from '../../errors.js';
import type { RegistryEntry } from './registry.js';
import { insideFolder } from './safe-path.js';
import { declaredBytes, type WeightSpec } from './tfjs-artifacts.js';
import { unzip } from './unzip.js';

export interface PullProgress {
  readonly file: string;
  readonly bytes: number;
  readonly total?: number;
}

/** Downloads one URL to `path`, hashing on the way; returns sha1 and sha256. */
async function downloadTo(url: string, path: string, onProgress?: (p: PullProgress) => void): Promise<{ sha1: string; sha256: string }> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    const { cause, message } = e as Error;
    throw new DreamreelError(`could not download ${url} (${cause instanceof Error ? cause.toString() : typeof cause === 'string' ? cause : message})`);
  }
  if (!response.ok || !response.body) throw new DreamreelError(`download of ${url} failed: ${response.status} ${response.statusText}`);
  const total = Number(response.headers.get('content-length')) || undefined;
  const sha1 = createHash('sha1');
  const sha256 = createHash('sha256');
  let bytes = 0;
  const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
  body.on('data', (chunk: Buffer) => {
    sha1.update(chunk);
    sha256.update(chunk);
    bytes += chunk.length;
    onProgress?.({ file: url, bytes, ...(total ? { total } : {}) });
  });
  try {
    await pipeline(body, createWriteStream(path));
  } catch (e) {
    throw writeFailure(e as NodeJS.ErrnoException, url, path);
  }
  return { sha1: sha1.digest('hex'), sha256: sha256.digest('hex') };
}

/** A full disk or an unwritable folder is the user's to fix: one line, not a crash. */
function writeFailure(e: NodeJS.ErrnoException, url: string, path: string): Error {
  if (e.code === 'ENOSPC')
    return new DreamreelError(
      `no space left on the device while downloading ${url} into ${dirname(path)}: free some space or set DREAMREEL_MODELS to another folder`,
    );
  if (e.code) return new DreamreelError(`cannot write ${path} while downloading ${url}: ${e.message}`);
  return e;
}

/**
 * Where a registry URL is fetched from: itself, or the same host and path under
 * DREAMREEL_MODEL_MIRROR (a local or company mirror). Checksums and structural checks apply either way.
 */
export function sourceUrl(url: string, env: NodeJS.ProcessEnv = process.env): string {
  const mirror = env.DREAMREEL_MODEL_MIRROR?.replace(/\/+$/, '');
  if (!mirror) return url;
  const u = new URL(url);
  return `${mirror}/${u.host}${u.pathname}`;
}

export interface PullOptions {
  /** An existing folder of the model's name is renamed aside (never deleted) instead of refusing the pull. */
  readonly force?: boolean;
  /** Where --force moves it (default: `<folder>.kept-<time>`). */
  readonly keptAs?: string;
}

/** Where a user's folder goes when --force replaces it: beside it, with the time in its name. */
export function keptName(folder: string, now = new Date()): string {
  return `${folder}.kept-${now.toISOString().replace(/[:.]/g, '-')}`;
}

/** A folder of the model's name is the user's: dreamreel neither deletes nor silently replaces it. */
function refuseExisting(final: string, options: PullOptions): void {
  if (existsSync(final) && !options.force)
    throw new DreamreelError(`${final} already exists and is used as it is: add --force to download again (it is then renamed aside, not deleted)`);
}

/**
 * Fetches a registry model into `<dir>/<folder>`: every file goes to a temporary folder, is
 * checked against its published checksum (or, for tfjs shards, against model.json's
 * manifest), unpacked, and only then renamed into place, so a broken download leaves nothing.
 */
export async function pullModel(entry: RegistryEntry, dir: string, onProgress?: (p: PullProgress) => void, options: PullOptions = {}): Promise<string> {
  const final = join(dir, entry.folders[0]!);
  refuseExisting(final, options);
  const staging = `${final}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    for (const file of entry.files) {
      const path = join(staging, file.name);
      const sums = await downloadTo(sourceUrl(file.url), path, onProgress);
      if ((file.sha1 && sums.sha1 !== file.sha1) || (file.sha256 && sums.sha256 !== file.sha256)) {
        throw new DreamreelError(`checksum mismatch for ${file.url}: got sha256 ${sums.sha256}`);
      }
      if (file.archive === 'zip') {
        await unzip(path, staging);
        await rm(path);
      }
    }
    if (entry.shardsFromManifest) await pullShards(entry, staging, onProgress);
    // Loaded only by a pull: the checks parse protobuf, which `models list` need not load.
    await (await import('./verify-download.js')).verifyStaged(entry, staging);
    // Checked again: the folder may have appeared during the download. It is never deleted.
    refuseExisting(final, options);
    if (existsSync(final)) await rename(final, options.keptAs ?? keptName(final));
    await rename(staging, final);
    return final;
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Fetches the shards model.json lists, each only inside the staging folder. A shard with a
 * pinned sha256 must match it; every group's sizes must add up to what model.json declares.
 */
async function pullShards(entry: RegistryEntry, staging: string, onProgress?: (p: PullProgress) => void): Promise<void> {
  const json = JSON.parse(await readFile(join(staging, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[]; weights: WeightSpec[] }[] };
  const url = sourceUrl(entry.files[0]!.url);
  const base = url.slice(0, url.lastIndexOf('/') + 1);
  for (const group of json.weightsManifest) {
    let bytes = 0;
    for (const path of group.paths) {
      const target = insideFolder(staging, path, 'shard path');
      checkShardName(entry, path);
      const { sha256 } = await downloadTo(base + path, target, onProgress);
      const pinned = entry.shardSha256 && Object.hasOwn(entry.shardSha256, path) ? entry.shardSha256[path] : undefined;
      if (pinned && pinned !== sha256) throw new DreamreelError(`checksum mismatch for ${base + path}: got sha256 ${sha256}`);
      bytes += (await stat(target)).size;
    }
    const expected = declaredBytes(group.weights);
    if (bytes !== expected) throw new DreamreelError(`shards ${group.paths.join(', ')} hold ${bytes} bytes, model.json declares ${expected}`);
  }
}

/**
 * A pinned model's model.json must name only its official shards: a shard under another name
 * would otherwise be fetched with no pin to meet.
 */
function checkShardName(entry: RegistryEntry, path: string): void {
  if (!entry.shardSha256 || Object.hasOwn(entry.shardSha256, path) || entry.unpinnedShards?.includes(path)) return;
  throw new DreamreelError(`model.json of ${entry.name} names shard "${path}", which is not one of its official shards: refused`);
}

export function isPulled(entry: RegistryEntry, dir: string): string | undefined {
  return entry.folders.map((f) => join(dir, f)).find((p) => existsSync(p));
}
