import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graphDefType } from '../../src/dream/models/graphdef/graphdef-schema.js';
import { IMAGES, MODELS, hasShared } from '../helpers/shared.js';
import { cleanScratch, expectOneLine, runCli, scratch, serveFiles } from './helpers-model.js';

const MOBILENET = `${MODELS}/mobilenet_v1_1.0_224`;
const HOST_PATH = '/storage.googleapis.com/tfjs-models/tfjs/mobilenet_v1_1.0_224/';
const ZIP_PATH = '/storage.googleapis.com/download.tensorflow.org/models/inception5h.zip';

/** The mobilenet_v1 files as its official host serves them, by URL path, optionally altered. */
function mobilenetFiles(alter: (files: Record<string, Buffer>, json: { weightsManifest: { paths: string[] }[] }) => void = () => {}): Record<string, Buffer> {
  const json = JSON.parse(readFileSync(`${MOBILENET}/model.json`, 'utf8')) as { weightsManifest: { paths: string[] }[] };
  const files: Record<string, Buffer> = {};
  for (const path of json.weightsManifest.flatMap((g) => g.paths)) files[HOST_PATH + path] = readFileSync(join(MOBILENET, path));
  alter(files, json);
  files[HOST_PATH + 'model.json'] = Buffer.from(JSON.stringify(json));
  return files;
}

const MOBILENET_025 = `${MODELS}/mobilenet_v1_0.25_224`;
const HOST_PATH_025 = '/storage.googleapis.com/tfjs-models/tfjs/mobilenet_v1_0.25_224/';

/** The 0.25 files under their official names (../shared keeps them as mobilenet_groupN-shard1of1). */
function mobilenet025Files(alter: (files: Record<string, Buffer>) => void = () => {}): Record<string, Buffer> {
  const json = JSON.parse(readFileSync(`${MOBILENET_025}/mobilenet_model.json`, 'utf8')) as { weightsManifest: { paths: string[] }[] };
  const files: Record<string, Buffer> = {};
  for (const group of json.weightsManifest) {
    group.paths = group.paths.map((path) => {
      const official = path.replace(/^mobilenet_/, '');
      files[HOST_PATH_025 + official] = readFileSync(join(MOBILENET_025, path));
      return official;
    });
  }
  alter(files);
  files[HOST_PATH_025 + 'model.json'] = Buffer.from(JSON.stringify(json));
  return files;
}

/** A zip made by Python's zipfile: entries stored uncompressed, so their bytes can be altered in place. */
function zipOf(entries: Record<string, Uint8Array | string>): Buffer {
  const dir = scratch();
  const names = Object.keys(entries).map((name, i) => {
    writeFileSync(join(dir, `e${i}`), entries[name]!);
    return [join(dir, `e${i}`), name];
  });
  execFileSync('python3', [
    '-c',
    `import sys, json, zipfile\nz = zipfile.ZipFile(sys.argv[1], 'w')\nfor src, name in json.loads(sys.argv[2]): z.write(src, name)\nz.close()`,
    join(dir, 'm.zip'),
    JSON.stringify(names),
  ]);
  return readFileSync(join(dir, 'm.zip'));
}

const GRAPH = graphDefType()
  .encode(graphDefType().fromObject({ node: [{ name: 'input', op: 'Placeholder' }] }))
  .finish();

/** Whether this machine lets a test mount a private tmpfs (root, or user namespaces); why not, if not. */
function probePrivateTmpfs(): { ok: boolean; reason: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dreamreel-tmpfs-probe-'));
  const probe = spawnSync('unshare', ['-rm', 'sh', '-c', 'mount -t tmpfs -o size=1m tmpfs "$0"', dir], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  const reason = probe.error ? probe.error.message : (probe.stderr || `exit ${probe.status}`).trim().split('\n').at(-1)!;
  if (probe.status !== 0) console.log(`model-download: disk-full case skipped: no private tmpfs mount here (${reason})`);
  return { ok: probe.status === 0, reason: `no private tmpfs mount here: ${reason}` };
}
const privateTmpfs = probePrivateTmpfs();

describe.skipIf(!hasShared)('model downloads are verified and stay in their folder', () => {
  const closers: (() => void)[] = [];
  afterAll(() => {
    closers.forEach((c) => c());
    cleanScratch();
  });

  async function pull(name: string, files: Record<string, Uint8Array | string>, fallback?: string) {
    const server = await serveFiles(files, fallback);
    closers.push(server.close);
    const root = scratch();
    const models = join(root, 'models');
    execFileSync('mkdir', [models]);
    const result = await runCli(['models', 'pull', name], { DREAMREEL_MODELS: models, DREAMREEL_MODEL_MIRROR: server.url });
    return { result, root, models };
  }

  it('official bytes pass: pinned shards match and the model loads', async () => {
    const { result, models } = await pull('mobilenet_v1', mobilenetFiles());
    expect(result.stderr).not.toContain('dreamreel:');
    expect(result.code).toBe(0);
    expect(readdirSync(models)).toEqual(['mobilenet_v1_1.0_224']);
  });

  it('a shard path "../../escaped-shard" in model.json is refused and nothing is written outside', async () => {
    const files = mobilenetFiles((_, json) => (json.weightsManifest[0]!.paths = ['../../escaped-shard']));
    const { result, root, models } = await pull('mobilenet_v1', files, 'attacker bytes');
    expect(result.code).toBe(1);
    expect(expectOneLine(result)).toContain('shard path "../../escaped-shard" points outside the model\'s folder');
    expect(existsSync(join(root, 'escaped-shard'))).toBe(false);
    expect(readdirSync(models)).toEqual([]);
  });

  it('a shard of the right size but the wrong bytes fails its pinned sha256', async () => {
    const files = mobilenetFiles((f) => f[HOST_PATH + 'group3-shard1of1']!.fill(7, 100, 104));
    const { result, models } = await pull('mobilenet_v1', files);
    expect(result.code).toBe(1);
    expect(expectOneLine(result)).toContain(`checksum mismatch for`);
    expect(expectOneLine(result)).toContain('group3-shard1of1');
    expect(readdirSync(models)).toEqual([]);
  });

  it('a model.json that renames a pinned shard cannot step around its pin', async () => {
    const files = mobilenetFiles((f, json) => {
      const bytes = Buffer.from(f[HOST_PATH + 'group3-shard1of1']!).fill(7, 100, 104);
      f[HOST_PATH + 'renamed-shard'] = bytes;
      json.weightsManifest[2]!.paths = ['renamed-shard'];
    });
    const { result, models } = await pull('mobilenet_v1', files);
    expect(result.code).toBe(1);
    expect(expectOneLine(result)).toContain('model.json of mobilenet_v1 names shard "renamed-shard", which is not one of its official shards');
    expect(readdirSync(models)).toEqual([]);
  });

  it('the 0.25 MobileNet: its official shards pass their pins, an altered one fails', async () => {
    const good = await pull('mobilenet_v1_0.25', mobilenet025Files());
    expect(good.result.stderr).not.toContain('dreamreel:');
    expect(good.result.code).toBe(0);
    expect(readdirSync(good.models)).toEqual(['mobilenet_v1_0.25_224']);
    const bad = await pull(
      'mobilenet_v1_0.25',
      mobilenet025Files((f) => f[HOST_PATH_025 + 'group7-shard1of1']!.fill(1, 0, 8)),
    );
    expect(bad.result.code).toBe(1);
    expect(expectOneLine(bad.result)).toMatch(/checksum mismatch for .*group7-shard1of1/);
    expect(readdirSync(bad.models)).toEqual([]);
  });

  it('pull never deletes a folder it did not make: refused without --force, renamed aside with it', async () => {
    const server = await serveFiles(mobilenetFiles());
    closers.push(server.close);
    const models = scratch();
    const mine = join(models, 'mobilenet_v1_1.0_224');
    mkdirSync(mine);
    writeFileSync(join(mine, 'notes.txt'), 'my own weights');
    const env = { DREAMREEL_MODELS: models, DREAMREEL_MODEL_MIRROR: server.url };
    const refused = await runCli(['models', 'pull', 'mobilenet_v1'], env);
    expect(refused.code).toBe(1);
    expect(expectOneLine(refused)).toMatch(/mobilenet_v1_1\.0_224 already exists and is used as it is: add --force/);
    expect(readdirSync(mine)).toEqual(['notes.txt']);
    const forced = await runCli(['models', 'pull', 'mobilenet_v1', '--force'], env);
    expect(forced.code, forced.stderr).toBe(0);
    const kept = readdirSync(models).filter((f) => f.startsWith('mobilenet_v1_1.0_224.kept-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(models, kept[0]!, 'notes.txt'), 'utf8')).toBe('my own weights');
    expect(forced.stdout).toContain(`the folder that was there is now ${join(models, kept[0]!)}`);
    expect(readdirSync(mine)).toContain('model.json');
  });

  it('a zip entry "../escaped.pb" is refused, not silently skipped', async () => {
    const { result, root, models } = await pull('inception5h', { [ZIP_PATH]: zipOf({ 'tensorflow_inception_graph.pb': GRAPH, '../escaped.pb': GRAPH }) });
    expect(result.code).toBe(1);
    expect(expectOneLine(result)).toMatch(/inception5h.zip is refused: invalid relative path: \.\.\/escaped\.pb|zip entry "\.\.\/escaped\.pb" points outside/);
    expect(existsSync(join(root, 'escaped.pb'))).toBe(false);
    expect(readdirSync(models)).toEqual([]);
  });

  it('a zip entry whose bytes fail its CRC-32 is refused', async () => {
    const zip = zipOf({ 'tensorflow_inception_graph.pb': GRAPH });
    const at = zip.indexOf(Buffer.from('Placeholder'));
    zip[at] = 'p'.charCodeAt(0);
    const { result, models } = await pull('inception5h', { [ZIP_PATH]: zip });
    expect(result.code).toBe(1);
    expect(expectOneLine(result)).toContain('entry tensorflow_inception_graph.pb fails its CRC-32 check');
    expect(readdirSync(models)).toEqual([]);
  });

  it('a zip holding something other than a GraphDef is refused; a real GraphDef passes', async () => {
    const bad = await pull('inception5h', { [ZIP_PATH]: zipOf({ 'tensorflow_inception_graph.pb': 'not really a graph' }) });
    expect(bad.result.code).toBe(1);
    expect(expectOneLine(bad.result)).toContain('tensorflow_inception_graph.pb in the download is not a TensorFlow GraphDef');
    expect(readdirSync(bad.models)).toEqual([]);
    const good = await pull('inception5h', { [ZIP_PATH]: zipOf({ 'tensorflow_inception_graph.pb': GRAPH }) });
    expect(good.result.code).toBe(0);
    expect(readdirSync(good.models)).toEqual(['inception5h']);
  });

  it('a model.json over plain http:// gets a warning', async () => {
    const dir = `${MODELS}/mobilenet_v1_0.25_224`;
    const files: Record<string, Buffer> = {};
    for (const f of readdirSync(dir)) files[`/m/${f}`] = readFileSync(join(dir, f));
    const server = await serveFiles(files);
    closers.push(server.close);
    const out = join(scratch(), 'out.png');
    const r = await runCli([
      'image',
      `${IMAGES}/chelsea.png`,
      '-o',
      out,
      '--model',
      `${server.url}/m/mobilenet_model.json`,
      '-l',
      'conv_pw_3_relu',
      '--size',
      '64',
      '--octaves',
      '1',
      '--steps',
      '1',
      '--plain',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`warning: ${server.url}/m/mobilenet_model.json is fetched over plain http://: nothing verifies the model`);
  });

  it.skipIf(!privateTmpfs.ok)(
    `disk full during a download: one line, exit 1, no temporary folder left${privateTmpfs.ok ? '' : ` (skipped: ${privateTmpfs.reason})`}`,
    async () => {
      const server = await serveFiles(mobilenetFiles());
      closers.push(server.close);
      const models = scratch();
      // A 1 MiB tmpfs in a private mount namespace: the 8.7 MB of shards cannot fit.
      const script =
        'mount -t tmpfs -o size=1m tmpfs "$0" || exit 99; node --import tsx src/cli/main.ts models pull mobilenet_v1; echo "exit=$?"; echo "left=$(ls -A "$0")"';
      const child = spawn('unshare', ['-rm', 'sh', '-c', script, models], {
        env: { ...process.env, DREAMREEL_MODELS: models, DREAMREEL_MODEL_MIRROR: server.url },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const code = await new Promise<number | null>((r) => child.on('close', r));
      expect(code, stderr).toBe(0);
      expect(stdout).toContain('exit=1');
      expect(stdout).toContain('left=\n');
      expect(expectOneLine({ code: 1, stdout, stderr })).toMatch(/no space left on the device while downloading .*group\d+-shard1of1/);
    },
  );
});
