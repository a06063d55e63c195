import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/** A zip made by Python's zipfile: entries stored uncompressed, so their bytes can be altered in place. */
function zipOf(entries: Record<string, Uint8Array | string>): Buffer {
  const dir = scratch();
  const names = Object.keys(entries).map((name, i) => {
    writeFileSync(join(dir, `e${i}`), entries[name]!);
    return [join(dir, `e${i}`), name];
  });
  execFileSync('python3', ['-c', `import sys, json, zipfile\nz = zipfile.ZipFile(sys.argv[1], 'w')\nfor src, name in json.loads(sys.argv[2]): z.write(src, name)\nz.close()`, join(dir, 'm.zip'), JSON.stringify(names)]);
  return readFileSync(join(dir, 'm.zip'));
}

const GRAPH = graphDefType().encode(graphDefType().fromObject({ node: [{ name: 'input', op: 'Placeholder' }] })).finish();

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
    const r = await runCli(['image', `${IMAGES}/chelsea.png`, '-o', out, '--model', `${server.url}/m/mobilenet_model.json`, '-l', 'conv_pw_3_relu', '--size', '64', '--octaves', '1', '--steps', '1', '--plain']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`warning: ${server.url}/m/mobilenet_model.json is fetched over plain http://: nothing verifies the model`);
  });

  it('disk full during a download: one line, exit 1, no temporary folder left', async () => {
    const server = await serveFiles(mobilenetFiles());
    closers.push(server.close);
    const models = scratch();
    // A 1 MiB tmpfs in a private mount namespace: the 8.7 MB of shards cannot fit.
    const script = 'mount -t tmpfs -o size=1m tmpfs "$0" || exit 99; node --import tsx src/cli/main.ts models pull mobilenet_v1; echo "exit=$?"; echo "left=$(ls -A "$0")"';
    const child = spawn('unshare', ['-rm', 'sh', '-c', script, models], { env: { ...process.env, DREAMREEL_MODELS: models, DREAMREEL_MODEL_MIRROR: server.url }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    if (code !== 0 && !stdout.includes('exit=')) {
      console.log(`model-download: disk-full case skipped, no private tmpfs mount here (${stderr.trim().split('\n').at(-1)})`);
      return;
    }
    expect(stdout).toContain('exit=1');
    expect(stdout).toContain('left=\n');
    expect(expectOneLine({ code: 1, stdout, stderr })).toMatch(/no space left on the device while downloading .*group\d+-shard1of1/);
  });
});
