import { describe, expect, it, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { pullModel } from '../../src/dream/models/download.js';
import { loadModel } from '../../src/dream/models/load-model.js';
import type { RegistryEntry } from '../../src/dream/models/registry.js';
import { caffeNetParameter } from '../../src/dream/models/caffe/caffemodel.js';
import { CAFFE_IMAGENET_PREPROCESS } from '../../src/dream/models/caffe/caffe-network.js';
import { workDir } from '../helpers/clips.js';

const PROTOTXT =
  'name: "Tiny" input: "data" layer { name: "conv" type: "Convolution" bottom: "data" top: "conv" convolution_param { num_output: 2 kernel_size: 1 } }';
const NetParameter = caffeNetParameter();
const CAFFEMODEL = NetParameter.encode(
  NetParameter.fromObject({ layer: [{ name: 'conv', blobs: [{ shape: { dim: [2, 3, 1, 1] }, data: [1, 0, 0, 0, 1, 0] }, { data: [0, 0] }] }] }),
).finish();

/** A loopback server standing in for the models' official hosts. */
async function serve(files: Record<string, Uint8Array | string>): Promise<{ url: string; server: Server; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url!);
    const body = files[req.url!];
    if (body === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-length': Buffer.byteLength(body) }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, hits };
}

const sha = (algo: string, data: Uint8Array | string): string => createHash(algo).update(data).digest('hex');

describe('model downloads', () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));

  function entry(url: string, overrides: Partial<RegistryEntry> = {}): RegistryEntry {
    return {
      name: 'tiny',
      description: 'test',
      format: 'caffe',
      folders: ['tiny_caffe'],
      license: 'test',
      preprocess: CAFFE_IMAGENET_PREPROCESS,
      suggestedLayers: ['conv'],
      files: [
        { url: `${url}/deploy.prototxt`, name: 'deploy.prototxt', sha256: sha('sha256', PROTOTXT) },
        { url: `${url}/tiny.caffemodel`, name: 'tiny.caffemodel', sha1: sha('sha1', CAFFEMODEL) },
      ],
      ...overrides,
    };
  }

  it('fetches, verifies and renames into place; the result loads', async () => {
    const { url, server } = await serve({ '/deploy.prototxt': PROTOTXT, '/tiny.caffemodel': CAFFEMODEL });
    servers.push(server);
    const dir = workDir();
    const path = await pullModel(entry(url), dir);
    expect(path).toBe(join(dir, 'tiny_caffe'));
    expect(readdirSync(dir)).toEqual(['tiny_caffe']);
    const net = await loadModel(path);
    expect(net.nodes.map((n) => n.name)).toEqual(['conv']);
  });

  it('leaves nothing behind when a checksum does not match', async () => {
    const { url, server } = await serve({ '/deploy.prototxt': PROTOTXT, '/tiny.caffemodel': new Uint8Array([1, 2, 3]) });
    servers.push(server);
    const dir = workDir();
    await expect(pullModel(entry(url), dir)).rejects.toThrow(`checksum mismatch for ${url}/tiny.caffemodel`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('unpacks zip archives after verifying them', async () => {
    const staging = workDir();
    writeFileSync(join(staging, 'graph.pb'), 'not really a graph');
    execFileSync('python3', ['-c', `import zipfile; z = zipfile.ZipFile('${staging}/m.zip', 'w'); z.write('${staging}/graph.pb', 'graph.pb'); z.close()`]);
    const zip = readFileSync(join(staging, 'm.zip'));
    const { url, server } = await serve({ '/m.zip': zip });
    servers.push(server);
    const dir = workDir();
    await pullModel(entry(url, { folders: ['zipped'], files: [{ url: `${url}/m.zip`, name: 'm.zip', archive: 'zip', sha256: sha('sha256', zip) }] }), dir);
    expect(readdirSync(join(dir, 'zipped'))).toEqual(['graph.pb']);
    expect(existsSync(join(dir, 'zipped', 'm.zip'))).toBe(false);
  });

  it('says what to fetch and where when a registry model is absent and downloads are off', async () => {
    const dir = workDir();
    await expect(loadModel('googlenet', { env: { DREAMREEL_MODELS: dir } })).rejects.toThrow(
      `model googlenet is not in ${dir}: run "dreamreel models pull googlenet" (downloads http://dl.caffe.berkeleyvision.org/bvlc_googlenet.caffemodel), set DREAMREEL_MODELS, or pass --model PATH`,
    );
  });
});
