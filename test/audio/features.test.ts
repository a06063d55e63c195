import { readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { analyseAudio } from '../../src/audio/index.js';
import { cli } from '../helpers/cli.js';
import { testClip, workDir } from '../helpers/clips.js';
import { BED, click, peaks, precisionRecall, rmsPerFrame, correlation, synthTrack } from './audio-helpers.js';

const dir = workDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Document {
  fps: number;
  frames: number;
  bpm: number;
  features: Record<string, number[]>;
}
const analysed = async (args: string[]): Promise<Document> => {
  const { code, stdout, stderr } = await cli(['audio', ...args, '--json']);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return JSON.parse(stdout) as Document;
};

describe('dreamreel audio', () => {
  it('finds clicks at known, irregular times within one frame at 24 fps (precision and recall >= 0.9)', async () => {
    // 24 clicks 0.2 to 0.58 s apart, of uneven loudness, over noise and a swelling tone.
    const times = Array.from({ length: 24 }, (_, k) => 0.3 + k * 0.37 + ((k * 7) % 5) * 0.045);
    const loudness = times.map((_, k) => 0.25 + 0.6 * (((k * 5) % 7) / 6));
    const track = synthTrack(dir, 'clicks.wav', [BED, ...times.map((t, k) => click(t, loudness[k]!))].join('+'), 10);
    const { features, frames } = await analysed([track, '--fps', '24']);
    expect(frames).toBe(240);
    const truth = times.map((t) => Math.floor(t * 24));
    const { precision, recall } = precisionRecall(peaks(features.onset!, 0.2), truth, 1);
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it('puts a 60 Hz tone in bass and a 4 kHz tone in treble', async () => {
    const track = synthTrack(dir, 'tones.wav', '0.5*sin(2*PI*60*t)*lt(t,2)+0.5*sin(2*PI*4000*t)*gte(t,2)', 4);
    const { features } = await analyseAudio(track, 12);
    const part = (name: 'bass' | 'treble', from: number, to: number) => Array.from(features[name].subarray(from, to));
    // Away from the switch at frame 24 (2 s), where the 32 ms windows hold both tones.
    for (const v of part('bass', 1, 23)) expect(v).toBeGreaterThan(0.9);
    for (const v of part('treble', 1, 23)) expect(v).toBeLessThan(0.05);
    for (const v of part('treble', 25, 48)) expect(v).toBeGreaterThan(0.9);
    for (const v of part('bass', 25, 48)) expect(v).toBeLessThan(0.05);
  });

  it('follows loudness: rms matches an independent per-frame measure, 0 in silence, 1 at the loudest', async () => {
    const track = synthTrack(dir, 'loud-quiet.wav', '(0.6*lt(t,1)+0.2*between(t,2,3))*sin(2*PI*330*t)+0.4*gte(t,3.5)*(random(0)-0.5)', 5);
    const { features } = await analyseAudio(track, 12);
    const independent = rmsPerFrame(track, 12);
    expect(correlation(Array.from(features.rms), independent)).toBeGreaterThan(0.99);
    expect(Math.max(...features.rms)).toBe(1);
    for (const f of [14, 16, 20]) expect(features.rms[f]).toBeLessThan(0.01); // 1 s to 2 s is silent
  });

  it('tracks the beat of a 120 BPM click track', async () => {
    const times = Array.from({ length: 16 }, (_, k) => 0.25 + k * 0.5);
    const track = synthTrack(dir, 'beat.wav', [BED, ...times.map((t) => click(t, 0.7))].join('+'), 8.5);
    const { features, bpm } = await analysed([track, '--fps', '24']);
    expect(bpm).toBeGreaterThan(117);
    expect(bpm).toBeLessThan(123);
    const beats = features.beat!.flatMap((v, f) => (v === 1 ? [f] : []));
    const { precision, recall } = precisionRecall(
      beats,
      times.map((t) => Math.floor(t * 24)),
      1,
    );
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.9);
    // Between beats the pulse decays: half a beat later it is small.
    expect(features.beat![beats[4]! + 6]!).toBeLessThan(0.2);
  });

  it('puts the beat on the kick drum, not on the hi-hat between kicks', async () => {
    const kick = '0.7*exp(-25*mod(t,0.5))*sin(2*PI*50*mod(t,0.5)*(1+3*exp(-40*mod(t,0.5))))';
    const hat = '0.15*exp(-90*mod(t+0.25,0.5))*(random(0)-0.5)';
    const track = synthTrack(dir, 'kick-hat.wav', `${kick}+${hat}`, 8);
    const { features } = await analysed([track, '--fps', '24']);
    const beats = features.beat!.flatMap((v, f) => (v === 1 ? [f] : []));
    const kicks = Array.from({ length: 16 }, (_, k) => k * 12);
    const { precision, recall } = precisionRecall(beats, kicks, 1);
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.8); // the first kick, at 0 s, has no window before it to rise from
  });

  it('smooths with attack and decay: after the music stops, rms falls by e in the decay time', async () => {
    const track = synthTrack(dir, 'stop.wav', '0.5*sin(2*PI*330*t)*lt(t,2)', 4);
    const { features } = await analysed([track, '--fps', '24', '--audio-smooth', '0,0.5']);
    // Frame 48 is the first silent one; 12 frames (0.5 s) later 1/e of the level is left.
    expect(features.rms![47]).toBeGreaterThan(0.95);
    expect(features.rms![48 + 11]).toBeGreaterThan(0.3);
    expect(features.rms![48 + 11]).toBeLessThan(0.45);
    expect(features.rms![95]).toBeLessThan(0.15);
  });

  it('prints NDJSON, one line per frame, by default', async () => {
    const track = synthTrack(dir, 'short.wav', '0.3*sin(2*PI*440*t)', 1.5);
    const { code, stdout } = await cli(['audio', track, '--fps', '10']);
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, number>);
    expect(lines).toHaveLength(15);
    expect(Object.keys(lines[3]!)).toEqual(['frame', 'seconds', 'rms', 'bass', 'mid', 'treble', 'onset', 'beat']);
    expect(lines[3]!.frame).toBe(3);
  });

  it('prints a Deforum keyframe string that tweens back to the feature', async () => {
    const track = synthTrack(dir, 'ramp.wav', '0.6*sin(2*PI*330*t)*lt(t,1)+0.6*sin(2*PI*330*t)*between(t,2,3)', 4);
    const { stdout } = await cli(['audio', track, '--fps', '12', '--keyframes', 'rms']);
    const text = stdout.trim();
    expect(text).toMatch(/^0:\(\d\.\d\d\)(, \d+:\(\d\.\d\d\))*$/);
    const keys = [...text.matchAll(/(\d+):\((\d\.\d\d)\)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
    expect(keys.length).toBeLessThan(48); // steady runs need only their ends
    const tween = (f: number): number => {
      const next = keys.findIndex(([k]) => k >= f);
      const [k1, v1] = keys[next]!;
      if (k1 === f || next === 0) return v1;
      const [k0, v0] = keys[next - 1]!;
      return v0 + ((v1 - v0) * (f - k0)) / (k1 - k0);
    };
    const { features } = await analyseAudio(track, 12);
    for (let f = 0; f < 48; f++) expect(tween(f)).toBeCloseTo(Number(features.rms[f]!.toFixed(2)), 5);
  });

  it('draws the features against time as a PNG', async () => {
    const track = synthTrack(dir, 'plot.wav', [BED, click(0.5, 0.7), click(1.2, 0.5)].join('+'), 2);
    const out = join(dir, 'plot.png');
    const { code, stdout } = await cli(['audio', track, '--plot', out]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const meta = await sharp(out).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 960, 34 + 6 * 64 + 30]);
    const { channels } = await sharp(out).stats();
    expect(channels[0]!.stdev).toBeGreaterThan(10); // curves drawn, not a blank picture
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });
});

describe('dreamreel audio refuses bad input in one line', () => {
  const refused = async (args: string[], message: RegExp) => {
    const { code, stderr, stdout } = await cli(['audio', ...args]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  };

  it('a missing file, a folder, a clip without sound, a corrupt file', async () => {
    await refused([join(dir, 'absent.mp3')], /^dreamreel: audio: no such file .*absent\.mp3$/m);
    await refused([dir], /^dreamreel: audio: .* is not a file$/m);
    const silentClip = testClip(dir, { audio: false });
    await refused([silentClip], /^dreamreel: .*testsrc.* has no audio stream$/m);
    const corrupt = join(dir, 'corrupt.mp3');
    writeFileSync(corrupt, Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251)));
    await refused([corrupt], /^dreamreel: ffmpeg could not decode the audio of .*corrupt\.mp3 \(exit \d+\): .+/m);
    const truncated = join(dir, 'truncated.wav');
    writeFileSync(truncated, readFileSync(synthTrack(dir, 'whole.wav', '0.3*sin(2*PI*440*t)', 1)).subarray(0, 40));
    await refused([truncated], /^dreamreel: .*truncated\.wav/m);
  });

  it('a hostile 10 MB argument comes back cut short, not whole', async () => {
    const huge = 'x'.repeat(10 * 1024 * 1024);
    for (const args of [[huge], [join(dir, 'flags.wav'), '--keyframes', huge], [join(dir, 'flags.wav'), '--audio-smooth', huge]]) {
      const { code, stderr } = await cli(['audio', ...args]);
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr.length).toBeLessThan(400);
      expect(stderr).toMatch(/\(10485760 characters\)|\(10485762 characters\)/);
    }
  });

  it('bad flags, before any decoding, and --plot never overwrites the song', async () => {
    const track = synthTrack(dir, 'flags.wav', '0.3*sin(2*PI*440*t)', 1);
    await refused([track, '--fps', 'fast'], /^dreamreel: Expected a number between 0.1 and 240 for --fps but received "fast"$/m);
    await refused(
      [track, '--keyframes', 'loudness'],
      /^dreamreel: Expected one of rms, bass, mid, treble, onset, beat for --keyframes but received "loudness"$/m,
    );
    await refused(
      [track, '--audio-smooth', '-1,2'],
      /^dreamreel: Expected attack and decay in seconds between 0 and 10, such as 0.05,0.5 for --audio-smooth but received "-1,2"$/m,
    );
    await refused([track, '--plot', join(dir, 'nowhere', 'p.png')], /^dreamreel: cannot write .*: no such folder/m);
    const song = join(dir, 'song.png');
    writeFileSync(song, readFileSync(track));
    await refused([song, '--plot', song], /^dreamreel: refusing to write .*song\.png: it is the input/m);
    expect(readFileSync(song).equals(readFileSync(track))).toBe(true);
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
  });
});
