import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { DreamreelError } from '../errors.js';

/** Mono PCM as ffmpeg decodes it: the whole track, resampled to one rate. */
export interface DecodedAudio {
  readonly samples: Float32Array;
  readonly sampleRate: number;
  /** Seconds: samples / sampleRate. */
  readonly duration: number;
}

export interface DecodeOptions {
  /** The ffmpeg binary (the pipeline's lookup finds it: FFMPEG_PATH, ffmpeg-static, PATH). */
  readonly ffmpeg: string;
  readonly sampleRate: number;
  /** Longest track accepted, in seconds: a decoded hour at 32 kHz is already 460 MB of floats. */
  readonly maxSeconds?: number;
}

const DEFAULT_MAX_SECONDS = 3600;

/** The last lines of a child's stderr, for error messages. */
const tail = (text: string): string => text.trim().split('\n').slice(-2).join(' | ');

/** A file name for a message: a hostile 10 MB argument is cut short, not printed whole. */
export const shownPath = (file: string): string => (file.length > 200 ? `${file.slice(0, 120)}… (${file.length} characters)` : file);

/** Checked before ffmpeg starts, so a typo reads as one plain line rather than ffmpeg's. */
function checkReadable(file: string): void {
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch {
    throw new DreamreelError(`audio: no such file ${shownPath(file)}`);
  }
  if (!isFile) throw new DreamreelError(`audio: ${shownPath(file)} is not a file`);
}

function decodeFailure(file: string, code: number | null, stderr: string): DreamreelError {
  if (/matches no streams|does not contain any stream/i.test(stderr)) return new DreamreelError(`${shownPath(file)} has no audio stream`);
  return new DreamreelError(`ffmpeg could not decode the audio of ${shownPath(file)} (exit ${code}): ${tail(stderr) || 'no reason given'}`);
}

/** Decodes the first audio stream of any file ffmpeg reads (a song, a video's soundtrack) to mono float PCM. */
export function decodeAudio(file: string, options: DecodeOptions): Promise<DecodedAudio> {
  checkReadable(file);
  const { sampleRate } = options;
  const maxBytes = (options.maxSeconds ?? DEFAULT_MAX_SECONDS) * sampleRate * 4;
  const args = ['-v', 'error', '-nostdin', '-i', file, '-map', '0:a:0', '-vn', '-ac', '1', '-ar', String(sampleRate), '-f', 'f32le', 'pipe:1'];
  return new Promise((resolve, reject) => {
    const child = spawn(options.ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let bytes = 0;
    let stderr = '';
    let tooLong = false;
    child.stdout.on('data', (c: Buffer) => {
      bytes += c.length;
      if (bytes > maxBytes) {
        tooLong = true;
        child.kill('SIGKILL');
      } else chunks.push(c);
    });
    child.stderr.on('data', (c: Buffer) => void (stderr = (stderr + c.toString()).slice(-4000)));
    child.on('error', (e) => reject(new DreamreelError(`could not start ffmpeg (${options.ffmpeg}): ${e.message}`)));
    child.on('close', (code) => {
      if (tooLong)
        return reject(
          new DreamreelError(`${shownPath(file)} is longer than ${(options.maxSeconds ?? DEFAULT_MAX_SECONDS) / 60} minutes: cut it first (ffmpeg -t)`),
        );
      if (code !== 0) return reject(decodeFailure(file, code, stderr));
      const samples = toFloats(Buffer.concat(chunks));
      if (samples.length === 0) return reject(new DreamreelError(`${shownPath(file)} has no audio samples`));
      resolve({ samples, sampleRate, duration: samples.length / sampleRate });
    });
  });
}

/** A copy, aligned for Float32Array whatever offset Buffer.concat's pool gave; NaN and infinite samples (a broken float file) become silence. */
function toFloats(buffer: Buffer): Float32Array {
  const floats = new Float32Array(Math.floor(buffer.length / 4));
  new Uint8Array(floats.buffer).set(buffer.subarray(0, floats.length * 4));
  for (let i = 0; i < floats.length; i++) if (!Number.isFinite(floats[i]!)) floats[i] = 0;
  return floats;
}
