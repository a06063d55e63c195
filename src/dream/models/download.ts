import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type yauzl from 'yauzl';
import { DreamreelError } from '../../errors.js';
import type { RegistryEntry } from './registry.js';

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
    throw new DreamreelError(`could not download ${url} (${(e as Error).cause ?? (e as Error).message})`);
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
  await pipeline(body, createWriteStream(path));
  return { sha1: sha1.digest('hex'), sha256: sha256.digest('hex') };
}

async function unzip(zipPath: string, into: string): Promise<void> {
  // Only pulls unpack archives: `models list` need not load the zip reader.
  const { default: zipReader } = await import('yauzl');
  return new Promise((resolve, reject) => {
    zipReader.open(zipPath, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(new DreamreelError(`${zipPath} is not a valid zip archive`));
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        const target = join(into, entry.fileName);
        if (!target.startsWith(into) || entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, async (e, stream) => {
          if (e || !stream) return reject(e);
          await mkdir(dirname(target), { recursive: true });
          stream.on('end', () => zip.readEntry());
          stream.pipe(createWriteStream(target));
        });
      });
      zip.readEntry();
    });
  });
}

/**
 * Fetches a registry model into `<dir>/<folder>`: every file goes to a temporary folder, is
 * checked against its published checksum (or, for tfjs shards, against model.json's
 * manifest), unpacked, and only then renamed into place, so a broken download leaves nothing.
 */
export async function pullModel(entry: RegistryEntry, dir: string, onProgress?: (p: PullProgress) => void): Promise<string> {
  const final = join(dir, entry.folders[0]!);
  const staging = `${final}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    for (const file of entry.files) {
      const path = join(staging, file.name);
      const sums = await downloadTo(file.url, path, onProgress);
      if ((file.sha1 && sums.sha1 !== file.sha1) || (file.sha256 && sums.sha256 !== file.sha256)) {
        throw new DreamreelError(`checksum mismatch for ${file.url}: got sha256 ${sums.sha256}`);
      }
      if (file.archive === 'zip') {
        await unzip(path, staging);
        await rm(path);
      }
    }
    if (entry.shardsFromManifest) await pullShards(entry, staging, onProgress);
    await rm(final, { recursive: true, force: true });
    await rename(staging, final);
    return final;
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    throw e;
  }
}

/** tfjs shards have no published checksums; their sizes must add up to what model.json declares. */
async function pullShards(entry: RegistryEntry, staging: string, onProgress?: (p: PullProgress) => void): Promise<void> {
  const json = JSON.parse(await readFile(join(staging, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[]; weights: { shape: number[] }[] }[] };
  const base = entry.files[0]!.url.slice(0, entry.files[0]!.url.lastIndexOf('/') + 1);
  for (const group of json.weightsManifest) {
    let bytes = 0;
    for (const path of group.paths) {
      await downloadTo(base + path, join(staging, path), onProgress);
      bytes += (await readFile(join(staging, path))).byteLength;
    }
    const expected = group.weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1) * 4, 0);
    if (bytes !== expected) throw new DreamreelError(`shards ${group.paths.join(', ')} hold ${bytes} bytes, model.json declares ${expected}`);
  }
}

export function isPulled(entry: RegistryEntry, dir: string): string | undefined {
  return entry.folders.map((f) => join(dir, f)).find((p) => existsSync(p));
}
