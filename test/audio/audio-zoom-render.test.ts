import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { probe, testClip, workDir } from '../helpers/clips.js';
import { hasShared, IMAGES, MODELS } from '../helpers/shared.js';
import { FAST, framesOf, oneLine, run, start } from '../faults/helpers-pipeline.js';

const SLOW = ['--octaves', '1', '--steps', '15', '--steps-next', '15', '--backend', 'ort-cpu', '--size', '64', '--json'];
import { synthTrack } from './audio-helpers.js';

const dir = workDir();
beforeAll(() => void (process.env.DREAMREEL_MODELS = MODELS));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const duration = (path: string): number =>
  Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path]).toString());
const streams = (path: string) => probe(path).streams;

/** Zero crossings per second of a file's sound, decoded by ffmpeg: about twice its tone's frequency. */
function crossingsPerSecond(path: string): number {
  const bytes = execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-map', '0:a:0', '-ac', '1', '-ar', '16000', '-f', 'f32le', 'pipe:1'], {
    maxBuffer: 1 << 26,
  });
  const s = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  let crossings = 0;
  for (let i = 1; i < s.length; i++) if (s[i - 1]! < 0 !== s[i]! < 0) crossings++;
  return crossings / (s.length / 16000);
}

describe.skipIf(!hasShared)('--audio on zoom and render', () => {
  it('a zoom dreamed to a song lasts as long as the song and plays it', async () => {
    const song = synthTrack(dir, 'song.wav', '0.4*sin(2*PI*3000*t)', 2.5);
    const out = join(dir, 'zoom.mp4');
    const { code, stderr } = await cli(['zoom', `${IMAGES}/chelsea.png`, '-o', out, '--size', '64', '--fps', '8', '--audio', song, ...FAST]);
    expect(stderr).not.toMatch(/error/i);
    expect(code).toBe(0);
    expect(framesOf(out)).toBe(20);
    expect(streams(out).some((s) => s.codec_type === 'audio')).toBe(true);
    expect(duration(out)).toBeGreaterThan(2.4);
    expect(duration(out)).toBeLessThan(2.6);
    expect(crossingsPerSecond(out)).toBeGreaterThan(5500); // the 3 kHz song
  });

  it('with --frames the zoom keeps its length: a shorter song is padded with silence, not the video cut', async () => {
    const song = synthTrack(dir, 'short-song.wav', '0.4*sin(2*PI*3000*t)', 1);
    const out = join(dir, 'zoom-frames.mp4');
    const { code } = await cli(['zoom', `${IMAGES}/chelsea.png`, '-o', out, '--size', '64', '--fps', '8', '--frames', '16', '--audio', song, ...FAST]);
    expect(code).toBe(0);
    expect(framesOf(out)).toBe(16);
    expect(duration(out)).toBeGreaterThan(1.9);
    expect(streams(out).some((s) => s.codec_type === 'audio')).toBe(true);
  });

  it("render --audio replaces the clip's own sound with the song; without it the clip's sound stays", async () => {
    const clip = testClip(dir, { frames: 6, fps: 12 }); // a 440 Hz tone
    const song = synthTrack(dir, 'render-song.wav', '0.4*sin(2*PI*3000*t)', 3);
    const own = join(dir, 'own.mp4');
    const replaced = join(dir, 'replaced.mp4');
    expect((await cli(['render', clip, '-o', own, ...FAST])).code).toBe(0);
    expect((await cli(['render', clip, '-o', replaced, '--audio', song, ...FAST])).code).toBe(0);
    expect(crossingsPerSecond(own)).toBeLessThan(1200);
    expect(crossingsPerSecond(replaced)).toBeGreaterThan(5500);
    expect(duration(replaced)).toBeLessThan(0.7); // cut to the clip's 6 frames, the video not stretched
  });

  it("the library takes the same song: zoom(still, { audio }) plans the song's length and muxes it", async () => {
    const { zoom } = await import('../../src/index.js');
    const { lastValueFrom, toArray } = await import('rxjs');
    const song = synthTrack(dir, 'library-song.wav', '0.4*sin(2*PI*3000*t)', 1.5);
    const out = join(dir, 'library.mp4');
    const events = await lastValueFrom(
      zoom(`${IMAGES}/chelsea.png`, {
        output: out,
        size: 64,
        fps: 8,
        audio: song,
        audioSmooth: { attack: 0, decay: 0.2 },
        octaves: 1,
        steps: 1,
        stepsNext: 1,
        layers: 'inception_3b/output',
        backend: 'ort-cpu',
      }).pipe(toArray()),
    );
    expect(events.find((e) => e.type === 'start')).toMatchObject({ frames: 12 });
    expect(framesOf(out)).toBe(12);
    expect(crossingsPerSecond(out)).toBeGreaterThan(5500);
  });

  it('refuses a missing song, a song without sound and a bad --audio-smooth in one line, before any frame', async () => {
    const silent = testClip(dir, { frames: 4, fps: 12, audio: false });
    for (const [args, message] of [
      [['--audio', join(dir, 'absent.mp3')], /^dreamreel: audio: no such file .*absent\.mp3$/],
      [['--audio', silent], /^dreamreel: .* has no audio stream$/],
      [['--audio', silent, '--audio-smooth', 'slow'], /^dreamreel: Expected attack and decay in seconds .* for --audio-smooth but received "slow"$/],
    ] as const) {
      const out = join(dir, 'refused.mp4');
      const { code, stderr } = await cli(['zoom', `${IMAGES}/chelsea.png`, '-o', out, '--size', '64', ...args, ...FAST]);
      expect(code).toBe(1);
      expect(oneLine(stderr)).toMatch(message);
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(dir).filter((f) => f.startsWith('refused'))).toEqual([]);
    }
  });

  it('render --audio FILE with --redis is refused in one line (farm chunks do not analyse songs yet)', async () => {
    const clip = testClip(dir, { frames: 4, fps: 12 });
    const song = synthTrack(dir, 'farm-song.wav', '0.4*sin(2*PI*3000*t)', 1);
    const out = join(dir, 'farm.mp4');
    const { code, stderr } = await cli(['render', clip, '-o', out, '--redis', 'redis://127.0.0.1:9', '--audio', song, ...FAST]);
    expect(code).toBe(1);
    expect(oneLine(stderr)).toBe('dreamreel: --audio FILE cannot be combined with --redis yet: render the song locally');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to resume a zoom whose song has other content under the same name', async () => {
    const path = join(dir, 'same-name.wav');
    synthTrack(dir, 'same-name.wav', '0.4*sin(2*PI*300*t)', 8);
    const args = ['zoom', `${IMAGES}/chelsea.png`, '-o', join(dir, 'resumed.mp4'), '--fps', '12', '--audio', path, ...SLOW];
    const running = start(args);
    await running.waitFor(/"type":"frame-done"/);
    running.child.kill('SIGINT');
    expect((await running.finished).code).toBe(130);
    synthTrack(dir, 'same-name.wav', '0.4*sin(2*PI*600*t)', 8);
    const changed = await run([...args, '--resume']);
    expect(changed.code, changed.stderr).toBe(1);
    expect(oneLine(changed.stderr)).toMatch(/other settings: audio\.sha256 \("[0-9a-f]{64}" then, "[0-9a-f]{64}" now\)/);
  });
});
