/**
 * npm run bench:audio: the whole audio analysis of a generated 3-minute song (issue 20's goal:
 * under 5 s), as `dreamreel zoom --audio` and `dreamreel audio` run it: ffmpeg decodes an MP3 to
 * 32 kHz mono floats, meyda's spectra give band powers and spectral flux, the beat tracker runs,
 * and everything is gathered per video frame. Also each stage alone, and the load at the time.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { analyseAudio, ANALYSIS, describeAudio } from '../src/audio/index.js';
import { decodeAudio } from '../src/audio/decode.js';
import { hopFeatures } from '../src/audio/spectra.js';
import { trackBeats } from '../src/audio/beats.js';
import { ffmpegBinaries } from '../src/pipeline/ffmpeg-binary.js';
import { workDir } from '../test/helpers/clips.js';

const SECONDS = 180;
/** A song-like track at 120 BPM: a pitched-down kick on the beat, a hat between, a swelling chord, a bass line that moves every bar. */
const SONG = [
  '0.7*exp(-25*mod(t,0.5))*sin(2*PI*50*mod(t,0.5)*(1+3*exp(-40*mod(t,0.5))))',
  '0.12*exp(-90*mod(t+0.25,0.5))*(random(0)-0.5)',
  '0.06*(sin(2*PI*220*t)+sin(2*PI*277.2*t)+sin(2*PI*329.6*t))*(0.6+0.4*sin(2*PI*t/16))',
  '0.15*sin(2*PI*(55+27.5*mod(floor(t/2),3))*t)',
].join('+');

const dir = workDir();
const song = join(dir, 'song.mp3');
execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `aevalsrc='${SONG}':s=44100:d=${SECONDS}`, '-c:a', 'libmp3lame', '-b:a', '192k', song]);

/** Wall seconds, and this process's CPU seconds (the honest figure when the machine is shared and loaded). */
let lastCpu = 0;
const time = async <T>(run: () => T | Promise<T>): Promise<[T, number]> => {
  const [began, cpu] = [performance.now(), process.cpuUsage()];
  const result = await run();
  const used = process.cpuUsage(cpu);
  lastCpu = (used.user + used.system) / 1e6;
  return [result, (performance.now() - began) / 1000];
};
const cpuNote = (): string => `(CPU of this process ${lastCpu.toFixed(2)} s)`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(`audio analysis of a ${SECONDS / 60}-minute MP3 (load average ${loadavg()[0]!.toFixed(2)} on this machine's cores)`);
const whole: number[] = [];
const cpus: number[] = [];
let frames = 0;
let bpm = 0;
for (let i = 0; i < 3; i++) {
  const [analysis, seconds] = await time(() => analyseAudio(song, 24));
  whole.push(seconds);
  cpus.push(lastCpu);
  [frames, bpm] = [analysis.frames, analysis.bpm];
}
console.log(
  `  whole analysis, analyseAudio(song, 24):  ${median(whole).toFixed(2)} s wall, median of 3 (${whole.map((s) => s.toFixed(2)).join(', ')}); goal < 5 s`,
);
console.log(`    CPU of this process: ${median(cpus).toFixed(2)} s median (ffmpeg's decode runs in its own process, below)`);
console.log(`  -> ${frames} frames at 24 fps, ${bpm.toFixed(1)} BPM found (the song is 120 BPM)`);

const [audio, decodeSeconds] = await time(() => decodeAudio(song, { ffmpeg: ffmpegBinaries().ffmpeg, sampleRate: ANALYSIS.sampleRate }));
console.log(`  ffmpeg decode to ${ANALYSIS.sampleRate} Hz mono:      ${decodeSeconds.toFixed(2)} s wall`);
const [hops, spectraSeconds] = await time(() => hopFeatures(audio.samples));
console.log(`  meyda spectra, bands, flux (${hops.hops} hops): ${spectraSeconds.toFixed(2)} s wall ${cpuNote()}`);
const [, beatSeconds] = await time(() => trackBeats(hops.flux, hops.hopSeconds));
console.log(`  beat tracker:                          ${beatSeconds.toFixed(2)} s wall ${cpuNote()}`);
const [, perFrameSeconds] = await time(() => describeAudio(audio, 24));
console.log(`  describeAudio (all but the decode):    ${perFrameSeconds.toFixed(2)} s wall ${cpuNote()}`);
rmSync(dir, { recursive: true, force: true });
