import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HASH_CACHE_FILE, modelContentHash, modelFiles } from '../../src/dream/models/model-hash.js';
import { loadModel } from '../../src/dream/models/load-model.js';
import { MODELS, hasShared } from '../helpers/shared.js';
import { workDir } from '../helpers/clips.js';

const dirs: string[] = [];
const scratch = (): string => {
  const d = workDir();
  dirs.push(d);
  return d;
};
const savedCache = process.env.XDG_CACHE_HOME;
process.env.XDG_CACHE_HOME = scratch();
afterAll(() => {
  if (savedCache === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedCache;
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A writable copy of the 0.25 MobileNet (1.9 MB), to alter. */
function mobilenetCopy(): string {
  const to = join(scratch(), 'mnet');
  cpSync(`${MODELS}/mobilenet_v1_0.25_224`, to, { recursive: true });
  chmodSync(to, 0o755);
  for (const f of readdirSync(to)) chmodSync(join(to, f), 0o644);
  return join(to, 'mobilenet_model.json');
}

/** The same digest computed here, independently: sha256 over "path\0" + each file's own sha256, files sorted. */
function expectedDigest(dir: string, names: string[]): string {
  const h = createHash('sha256');
  for (const n of [...names].sort())
    h.update(`${n}\0`).update(
      createHash('sha256')
        .update(readFileSync(join(dir, n)))
        .digest('hex'),
    );
  return h.digest('hex');
}

describe.skipIf(!hasShared)('models are known by their content', () => {
  it('hashes model.json and every shard it lists, and nothing else in the folder', () => {
    const json = mobilenetCopy();
    const dir = join(json, '..');
    writeFileSync(join(dir, 'notes.txt'), 'not part of the model');
    const files = modelFiles('tfjs-layers', json).map((f) => f.slice(dir.length + 1));
    const shards = readdirSync(dir).filter((f) => f.includes('shard'));
    expect(files.sort()).toEqual(['mobilenet_model.json', ...shards].sort());
    expect(modelContentHash('tfjs-layers', json)).toBe(expectedDigest(dir, files));
  });

  it('is computed once and cached beside the model; changed bytes (new mtime) give another hash', () => {
    const json = mobilenetCopy();
    const dir = join(json, '..');
    const first = modelContentHash('tfjs-layers', json);
    const cache = JSON.parse(readFileSync(join(dir, HASH_CACHE_FILE), 'utf8')) as Record<string, { sha256: string }>;
    expect(cache['mobilenet_model.json']!.sha256).toBe(first);
    // Same size, same mtime, other bytes: the cache answers (this is what "computed once" means) ...
    const shard = join(dir, 'mobilenet_group7-shard1of1');
    const { atimeMs, mtimeMs } = statSync(shard);
    const bytes = readFileSync(shard);
    bytes[0] = bytes[0]! ^ 0xff;
    writeFileSync(shard, bytes);
    utimesSync(shard, atimeMs / 1000, mtimeMs / 1000);
    expect(modelContentHash('tfjs-layers', json)).toBe(first);
    // ... and a file written later (a replaced model) is hashed again.
    utimesSync(shard, atimeMs / 1000, mtimeMs / 1000 + 5);
    const second = modelContentHash('tfjs-layers', json);
    expect(second).not.toBe(first);
    expect(second).toBe(
      expectedDigest(
        dir,
        modelFiles('tfjs-layers', json).map((f) => f.slice(dir.length + 1)),
      ),
    );
  });

  it('a read-only model folder is left untouched: the hash is cached in the user cache instead', () => {
    const json = mobilenetCopy();
    const dir = join(json, '..');
    chmodSync(dir, 0o555);
    const hash = modelContentHash('tfjs-layers', json);
    chmodSync(dir, 0o755);
    expect(existsSync(join(dir, HASH_CACHE_FILE))).toBe(false);
    const user = JSON.parse(readFileSync(join(process.env.XDG_CACHE_HOME!, 'dreamreel', 'model-hashes.json'), 'utf8')) as Record<string, { sha256: string }>;
    expect(user[json]!.sha256).toBe(hash);
  });

  it('a loaded model carries its content hash; ../shared itself is not written to', async () => {
    const net = await loadModel(`${MODELS}/bvlc_googlenet`);
    expect(net.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(`${MODELS}/bvlc_googlenet/${HASH_CACHE_FILE}`)).toBe(false);
  });
});
