import { z } from 'zod';
import { parseOptions, renderOptions } from '../../options/index.js';
import type { ChunkJobData, JoinJobData } from './payload.js';

/** A job's data as JSON; real renders use a few kilobytes (the options, the identity). */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

// No control characters: a newline in a path would add lines to ffmpeg's concat list.
const path = z
  .string()
  .min(1)
  .max(4096)
  .regex(/^[^\0-\x1f\x7f]*$/, 'must not hold control characters');
const count = z.number().int().min(0).max(10_000_000);
const positive = z.number().finite().positive();

/** Set by the submitter itself (the render's output and its resume are the job's own fields), never by the options. */
const FARM_OWN = ['output', 'resume', 'restart'];

/**
 * The render's options as the submitter parsed them: a JSON object of camelCase keys, judged by
 * the render options schema (src/options) with every rule across options, as `dreamreel render`
 * judges its flags; a refusal is the model's own message (`Expected … for steps but received 0`).
 */
const options = z
  .record(z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/, 'is not an option name'), z.unknown())
  .refine((o) => Object.keys(o).length <= 128, 'has too many options')
  .superRefine((o, ctx) => {
    const own = Object.keys(o).filter((k) => FARM_OWN.includes(k));
    if (own.length) return void ctx.addIssue({ code: z.ZodIssueCode.unrecognized_keys, keys: own });
    try {
      parseOptions(renderOptions, o, 'library');
    } catch (e) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: (e as Error).message });
    }
  });

const identity = z.record(z.string().max(64), z.unknown()).refine((v) => Object.keys(v).length <= 64, 'has too many fields');

export const renderSpecSchema = z
  .object({
    settingsVersion: z.number().int(),
    dreamreel: z.string().max(64),
    renderId: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'is not a render id'),
    input: path,
    output: path,
    width: z.number().int().min(1).max(16384),
    height: z.number().int().min(1).max(16384),
    fps: positive.max(1000),
    frames: count.min(1),
    start: z.number().finite().min(0).optional(),
    duration: positive.optional(),
    flow: z.boolean(),
    audioCodec: z
      .string()
      .regex(/^[a-z0-9_]{1,32}$/, 'is not a codec name')
      .optional(),
    chunks: z.number().int().min(1).max(100_000),
    planKey: z.string().regex(/^[0-9a-f]{1,64}$/, 'is not a plan key'),
    options,
    identity,
  })
  .strict();

export const chunkSpecSchema = z
  .object({ index: count, start: count, end: count, preroll: count, seam: count.optional(), overlap: count.optional() })
  .strict()
  .refine((c) => c.end > c.start && c.preroll <= c.start, 'frames must run forwards, with no more preroll than frames before the chunk')
  .refine((c) => (c.seam ?? 0) <= c.end - c.start, 'a seam cannot be longer than its chunk');

export const chunkJobSchema = z
  .object({ render: renderSpecSchema, chunk: chunkSpecSchema })
  .strict()
  .refine((d) => d.chunk.index < d.render.chunks && d.chunk.end <= d.render.frames, 'chunk lies outside its render');
// The join carries the plan, for the seams it blends.
export const joinJobSchema = z.object({ render: renderSpecSchema, chunks: z.array(chunkSpecSchema).max(100_000).optional() }).strict();

/** One line from zod's first issue: where in the payload, and what is wrong. */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const where = issue.path.join('.');
  const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message;
  return where ? `${where}: ${message}` : message;
}

export type ParsedJob<T> = { ok: true; data: T } | { ok: false; reason: string };

/** Parses a chunk's or join's data as it came out of Redis; anything else is refused with one reason. */
export function parseJobData(name: string, raw: unknown): ParsedJob<ChunkJobData | JoinJobData> {
  const bytes = Buffer.byteLength(JSON.stringify(raw) ?? '');
  if (bytes > MAX_PAYLOAD_BYTES) return { ok: false, reason: `its payload is ${bytes} bytes, over the farm's limit of ${MAX_PAYLOAD_BYTES}` };
  const schema = name === 'join' ? joinJobSchema : name === 'chunk' ? chunkJobSchema : undefined;
  if (!schema) return { ok: false, reason: `unknown job kind "${String(name).slice(0, 40)}"` };
  const parsed = schema.safeParse(raw);
  return parsed.success
    ? { ok: true, data: parsed.data as ChunkJobData | JoinJobData }
    : { ok: false, reason: `its payload is invalid: ${firstIssue(parsed.error)}` };
}
