/**
 * npm run bench:soak: the farm's reliability under abuse, on loopback. A private redis-server, 3
 * `dreamreel worker`s and a `dreamreel dashboard`; 2 renders submitted at once; every
 * SOAK_KILL_EVERY_S seconds one worker is killed with -9 and a new one started; Redis is
 * restarted once (saving its data, as a production Redis with persistence would). Prints: both
 * renders complete with every frame (ffprobe), how many times each chunk was started and each
 * frame dreamed (no chunk dreamed more than twice: no frame of it dreamed a third time), what the kills cost, and how the dashboard kept up (its live feed's
 * longest silence, its lag behind Redis). Bounded: stops by itself after SOAK_MINUTES.
 * Env: SOAK_MINUTES (20), SOAK_KILL_EVERY_S (30), SOAK_FRAMES (48 per render), SOAK_CHUNK (8).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { pannedPhoto, probe, workDir } from '../test/helpers/clips.js';
import { MODELS } from '../test/helpers/shared.js';
import { TestRedis } from '../test/helpers/redis.js';
import { Cli, frameCount } from '../test/farm/farm-helpers.js';
import { openFarm, viewRender } from '../src/pipeline/farm/queue-view.js';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 20);
const KILL_EVERY_S = Number(process.env.SOAK_KILL_EVERY_S ?? 30);
const FRAMES = Number(process.env.SOAK_FRAMES ?? 48);
const CHUNK = Number(process.env.SOAK_CHUNK ?? 8);
const TINY = [
  '--size',
  '96x64',
  '--octaves',
  '1',
  '--steps',
  '2',
  '--steps-next',
  '1',
  '-l',
  'inception_3b/output',
  '--backend',
  'ort-cpu',
  '--chunk-frames',
  String(CHUNK),
  '--preroll',
  '2',
  '--plain',
];
const LOCK_MS = '5000';

const began = Date.now();
const seconds = (): string => `${((Date.now() - began) / 1000).toFixed(0)} s`;
const note = (line: string): void => console.log(`[${seconds()}] ${line}`);
process.env.DREAMREEL_MODELS = MODELS;
const dir = workDir();
const clip = pannedPhoto(dir, FRAMES);
const redis = await TestRedis.start();
const farm = openFarm(redis.url);
const workers: Cli[] = [];
const retired: Cli[] = [];
const startWorker = (): Cli => {
  const w = Cli.worker(redis.url, { DREAMREEL_FARM_LOCK_MS: LOCK_MS, DREAMREEL_FARM_TRACE: '1' });
  workers.push(w);
  return w;
};
const dashboard = new Cli(['dashboard', '--redis', redis.url, '--port', '0']);
let stopping = false;

/** The dashboard's live feed, read as the page reads it: the longest silence between snapshots while the farm worked. */
async function watchDashboard(address: string, stats: { snapshots: number; longestGapMs: number; last: number; unreachable: number }): Promise<void> {
  const res = await fetch(`${address}/api/events`);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  while (!stopping) {
    const { value, done } = await reader.read();
    if (done) break;
    for (const block of value.split('\n\n').filter((b) => b.startsWith('event: snapshot'))) {
      const now = Date.now();
      if (stats.last) stats.longestGapMs = Math.max(stats.longestGapMs, now - stats.last);
      stats.last = now;
      stats.snapshots++;
      if (block.includes('"redis":"unreachable"')) stats.unreachable++;
    }
  }
  await reader.cancel().catch(() => {});
}

try {
  console.log(
    `soak: ${FRAMES}-frame renders x2 at 96x64, ${CHUNK}-frame chunks, 3 workers, kill -9 every ${KILL_EVERY_S} s, Redis restarted once; load ${loadavg()[0]!.toFixed(1)}`,
  );
  await dashboard.waitFor(/dashboard on (http:\/\/\S+) /, 120_000);
  const address = /dashboard on (http:\/\/\S+) /.exec(dashboard.stderr)![1]!;
  const feed = { snapshots: 0, longestGapMs: 0, last: 0, unreachable: 0 };
  void watchDashboard(address, feed).catch((e) => note(`dashboard feed ended: ${(e as Error).message}`));
  for (let i = 0; i < 3; i++) startWorker();
  await Promise.all(workers.map((w) => w.waitFor(/ready for chunks/, 120_000)));
  const outputs = [join(dir, 'soak-a.mp4'), join(dir, 'soak-b.mp4')];
  // Two submitters at once, as two people would (separate processes).
  const submitters = outputs.map((o) => new Cli(['render', clip, '-o', o, '--redis', redis.url, '--detach', ...TINY]));
  const ids = await Promise.all(
    submitters.map(async (s) => {
      if ((await s.exited) !== 0) throw new Error(s.stderr);
      return s.stdout.trim();
    }),
  );
  note(`submitted ${ids.join(' and ')}`);

  let kills = 0;
  let restarted = false;
  let nextKill = Date.now() + KILL_EVERY_S * 1000;
  let maxLagMs = 0;
  let behindSince: number | undefined;
  const deadline = began + MINUTES * 60_000;
  for (;;) {
    const views = await Promise.all(ids.map((id) => viewRender(farm, id)));
    if (views.every((v) => v.state === 'completed') || views.some((v) => v.state === 'failed' || v.cancelled) || Date.now() > deadline) break;
    const done = views.reduce((s, v) => s + v.done, 0);
    if (!restarted && done >= FRAMES / 2) {
      note(`restarting Redis (${done}/${2 * FRAMES} frames done)`);
      await redis.restart();
      restarted = true;
    }
    if (Date.now() >= nextKill) {
      const victim = workers.shift()!;
      victim.kill('SIGKILL');
      retired.push(victim);
      kills++;
      startWorker();
      note(`killed a worker with -9 (${kills}), started another; ${done}/${2 * FRAMES} frames done`);
      nextKill = Date.now() + KILL_EVERY_S * 1000;
    }
    // The dashboard's view against Redis's: how long it showed fewer frames than Redis held.
    const shown = (await (await fetch(`${address}/api/state`)).json()) as { renders: { id: string; done: number }[] };
    const shownDone = shown.renders.filter((r) => ids.includes(r.id)).reduce((s, r) => s + r.done, 0);
    if (shownDone < done) behindSince ??= Date.now();
    else if (behindSince !== undefined) {
      maxLagMs = Math.max(maxLagMs, Date.now() - behindSince);
      behindSince = undefined;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const finished = await Promise.all(ids.map((id) => viewRender(farm, id)));
  // Every start of a chunk, from the workers' own lines: "chunk i/n of ID: frames a-b".
  const log = [...retired, ...workers].map((w) => w.stderr).join('\n');
  const starts = new Map<string, number>();
  for (const m of log.matchAll(/chunk (\d+)\/\d+ of (\S+): frames/g)) starts.set(`${m[2]}#${m[1]}`, (starts.get(`${m[2]}#${m[1]}`) ?? 0) + 1);
  const resumed = [...log.matchAll(/resuming after (\d+) checkpointed frame/g)].length;
  // How often each frame was dreamed, within its chunk (preroll frames included), from the workers' trace lines.
  const dreams = new Map<string, number>();
  for (const m of log.matchAll(/chunk (\d+)\/\d+ of (\S+): dreamed frame (\d+)/g))
    dreams.set(`${m[2]}#${m[1]}#${m[3]}`, (dreams.get(`${m[2]}#${m[1]}#${m[3]}`) ?? 0) + 1);
  const perChunk = new Map<string, number>();
  for (const [key, n] of dreams) {
    const chunk = key.split('#').slice(0, 2).join('#');
    perChunk.set(chunk, Math.max(perChunk.get(chunk) ?? 0, n));
  }
  const redreamed = [...dreams.values()].filter((n) => n > 1).length;
  const thumbParts = [...log.matchAll(/\(([\d.]+)% \+ ([\d.]+)%\)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
  const thumbCosts = thumbParts.map(([a, b]) => a + b);
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  await new Promise((r) => setTimeout(r, 2000));
  const final = (await (await fetch(`${address}/api/state`)).json()) as { renders: { id: string; state: string }[] };

  console.log(`\nsoak results after ${seconds()} (load average ${loadavg()[0]!.toFixed(1)}):`);
  for (const [i, v] of finished.entries()) {
    const frames = existsSync(outputs[i]!) ? frameCount(outputs[i]!, probe) : 0;
    console.log(`  render ${v.render.renderId}: ${v.state}, ${frames}/${FRAMES} frames in ${outputs[i]!.split('/').at(-1)} (ffprobe)`);
  }
  const counts = [...starts.values()];
  const dreamedTimes = [...perChunk.values()];
  console.log(
    `  chunks: ${starts.size} of ${finished.reduce((s, v) => s + v.chunks.length, 0)} started; starts per chunk: ${counts.filter((c) => c === 1).length}x once, ${counts.filter((c) => c === 2).length}x twice, ${counts.filter((c) => c > 2).length}x more (max ${Math.max(...counts)})`,
  );
  console.log(
    `  frames: ${dreams.size} dreamed (preroll included), ${redreamed} of them twice or more; the most any frame of a chunk was dreamed: ${dreamedTimes.filter((c) => c === 1).length} chunk(s) once, ${dreamedTimes.filter((c) => c === 2).length} twice, ${dreamedTimes.filter((c) => c > 2).length} more (max ${Math.max(...dreamedTimes)})`,
  );
  console.log(`  kills: ${kills} worker(s) killed with -9; ${resumed} chunk start(s) resumed from a checkpoint; Redis restarted: ${restarted ? 'yes' : 'no'}`);
  console.log(
    `  dashboard: ${feed.snapshots} live snapshots, longest silence between them ${(feed.longestGapMs / 1000).toFixed(1)} s (sent only on change), ${feed.unreachable} saying Redis was away; behind Redis for at most ${(maxLagMs / 1000).toFixed(2)} s (sampled every 250 ms); at the end it shows ${final.renders.map((r) => `${r.id} ${r.state}`).join(', ')}`,
  );
  if (thumbCosts.length) {
    const chunkShare = thumbParts.map(([a]) => a);
    console.log(
      `  thumbnails, per finished chunk (${thumbCosts.length}), as a share of its frame time: median ${median(thumbCosts).toFixed(2)}%, at most ${Math.max(...thumbCosts).toFixed(2)}%; of which in the chunk (delaying the dream): median ${median(chunkShare).toFixed(2)}%, at most ${Math.max(...chunkShare).toFixed(2)}%`,
    );
  }
  const ok =
    finished.every((v, i) => v.state === 'completed' && existsSync(outputs[i]!) && frameCount(outputs[i]!, probe) === FRAMES) && Math.max(...dreamedTimes) <= 2;
  console.log(ok ? 'soak: PASS' : 'soak: FAIL');
  process.exitCode = ok ? 0 : 1;
} finally {
  stopping = true;
  for (const w of [...workers, dashboard]) w.kill('SIGTERM');
  await Promise.all([...workers, dashboard].map((w) => w.exited));
  await farm.close();
  await redis.stop();
}
