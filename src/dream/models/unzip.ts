import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import type yauzl from 'yauzl';
import { DreamreelError } from '../../errors.js';
import { insideFolder } from './safe-path.js';

/** Passes bytes through, keeping their CRC-32 (yauzl does not check entries' CRCs). */
function crcCounter(): Transform & { crc: number } {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      counter.crc = crc32(chunk, counter.crc);
      done(null, chunk);
    },
  }) as Transform & { crc: number };
  counter.crc = 0;
  return counter;
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (e, stream) => (e || !stream ? reject(e ?? new Error('no stream')) : resolve(stream))));
}

/** Writes one entry where it belongs and checks its CRC-32 against the archive's. */
async function extractEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, into: string, zipPath: string): Promise<void> {
  const target = insideFolder(into, entry.fileName, 'zip entry');
  if (entry.fileName.endsWith('/')) return;
  await mkdir(dirname(target), { recursive: true });
  const counter = crcCounter();
  await pipeline(await openEntry(zip, entry), counter, createWriteStream(target));
  if (counter.crc >>> 0 !== entry.crc32 >>> 0) throw new DreamreelError(`${zipPath}: entry ${entry.fileName} fails its CRC-32 check (corrupt archive)`);
}

/** Unpacks a zip archive into `into`, entry by entry; any bad entry rejects the whole archive. */
export async function unzip(zipPath: string, into: string): Promise<void> {
  // Only pulls unpack archives: `models list` need not load the zip reader.
  const { default: zipReader } = await import('yauzl');
  return new Promise((resolve, reject) => {
    zipReader.open(zipPath, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(new DreamreelError(`${zipPath} is not a valid zip archive`));
      // yauzl's own refusals (an absolute or "../" entry name, a bad header) are the archive's fault too.
      const fail = (e: NodeJS.ErrnoException): void => {
        zip.close();
        if (e instanceof DreamreelError) return reject(e);
        // A write error (a full disk) is not the archive's fault.
        reject(new DreamreelError(e.code ? `cannot unpack ${zipPath}: ${e.message}` : `${zipPath} is refused: ${e.message}`));
      };
      zip.on('error', fail);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => void extractEntry(zip, entry, into, zipPath).then(() => zip.readEntry(), fail));
      zip.readEntry();
    });
  });
}
