/**
 * The music options, as one zod group: the type, validator, defaults and messages of `--audio`,
 * `--audio-smooth` (zoom, render) and of `dreamreel audio`'s own flags. CLI strings and library
 * values parse alike; a mistake reads as the CLI's: `Expected ... for --flag but received "x"`.
 */
import { z } from 'zod';
import { DreamreelError } from '../errors.js';
import { text } from './fields.js';
import type { OptionGroup } from './parse.js';

export const AUDIO_FEATURES = ['rms', 'bass', 'mid', 'treble', 'onset', 'beat'] as const;

/** What the user gave, as JSON, cut short when it is long (a 10 MB argument must not come back as a 10 MB message). */
const shown = (received: unknown): string => {
  const text = JSON.stringify(received) ?? String(received);
  return text.length > 80 ? `${text.slice(0, 60)}… (${text.length} characters)` : text;
};
const expected = (flag: string, what: string) => (received: unknown) => `Expected ${what} for ${flag} but received ${shown(received)}`;

/** "0.05,0.5" (attack, decay in seconds), "0.2" (both), or { attack, decay }. */
function smoothingFromString(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  const parts = raw.split(',').map((p) => (p.trim() === '' ? NaN : Number(p)));
  if (parts.length === 1) return { attack: parts[0], decay: parts[0] };
  return parts.length === 2 ? { attack: parts[0], decay: parts[1] } : raw;
}

const seconds = z.number().finite().min(0).max(10);
const smoothingMessage = expected('--audio-smooth', 'attack and decay in seconds between 0 and 10, such as 0.05,0.5');

export const audioSmoothSchema = z.preprocess(smoothingFromString, z.object({ attack: seconds, decay: seconds }).strict());

/** On zoom and render: the song that drives the features and is muxed into the output. */
export const audioOptionsSchema = z
  .object({
    /** The song (any file ffmpeg reads with an audio stream). */
    audio: z.string().min(1).max(4096).optional(),
    /** Smoothing of every feature; none by default. */
    audioSmooth: audioSmoothSchema.optional(),
  })
  .strict();
export type AudioOptions = z.infer<typeof audioOptionsSchema>;
export const AUDIO_DEFAULTS = { audioSmooth: undefined } as const satisfies Partial<AudioOptions>;

/** `dreamreel audio FILE`'s flags. */
export const audioCommandSchema = z
  .object({
    fps: z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), z.number().finite().min(0.1).max(240)).default(24),
    json: z.boolean().default(false),
    plot: z
      .string()
      .regex(/\.png$/i)
      .max(4096)
      .optional(),
    keyframes: z.enum(AUDIO_FEATURES).optional(),
    audioSmooth: audioSmoothSchema.optional(),
  })
  .strict();
export type AudioCommandOptions = z.infer<typeof audioCommandSchema>;

/** `audioSmooth` in the options model: every failure reads "Expected attack and decay … for --audio-smooth". */
function audioSmoothField() {
  const what = 'attack and decay in seconds between 0 and 10, such as 0.05,0.5';
  const errorMap = () => ({ message: what });
  const second = z.number({ errorMap }).finite(what).min(0, what).max(10, what);
  return z.preprocess(smoothingFromString, z.object({ attack: second, decay: second }, { errorMap }).strict(what));
}

/** zoom: a song decides the length (unless `frames` is given), drives the schedules' music features and is the sound track. */
export const zoomAudioGroup = {
  schema: z.object({
    audio: text('a sound file').max(4096).optional(),
    audioSmooth: audioSmoothField().optional(),
  }),
} satisfies OptionGroup;

/** render: `audio` is true (the clip's own sound), false (`--no-audio`) or a song that replaces it. */
export const renderAudioGroup = {
  schema: z.object({
    audio: z.union([z.boolean(), z.string().min(1).max(4096)], { errorMap: () => ({ message: 'true, false or a sound file' }) }).default(true),
    audioSmooth: audioSmoothField().optional(),
  }),
} satisfies OptionGroup;

const MESSAGES: Record<string, (received: unknown) => string> = {
  audio: expected('--audio', 'a sound file'),
  audioSmooth: smoothingMessage,
  fps: expected('--fps', 'a number between 0.1 and 240'),
  plot: expected('--plot', 'a .png file'),
  keyframes: expected('--keyframes', `one of ${AUDIO_FEATURES.join(', ')}`),
};

/** Parses against a schema; the first mistake becomes one line naming the flag and what the user gave. */
export function parseAudio<S extends z.ZodTypeAny>(schema: S, raw: Record<string, unknown>): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data as z.infer<S>;
  const issue = result.error.issues[0]!;
  const key = String(issue.path[0] ?? '');
  const message = MESSAGES[key];
  if (!message)
    throw new DreamreelError(
      issue.code === 'unrecognized_keys' ? `unknown option ${issue.keys.map((k) => `"${k}"`).join(', ')}` : `${key || 'audio options'}: ${issue.message}`,
    );
  throw new DreamreelError(message(raw[key]));
}
