import { join } from 'node:path';
import { Checkpoint } from '../checkpoint.js';
import type { RenderOptionsIn } from '../../options/index.js';
import type { ChunkSpec } from './plan.js';
import { tlsOptions } from './redis-url.js';

/**
 * Bumped whenever the same flags would make different frames (new defaults, a changed step):
 * a worker only renders jobs of its own version, so one render never mixes two looks.
 */
// 2: jobs carry the parsed options (`options`), not the flags' strings.
// 3: chunks dream an overlap past their end and leave their seam frames to the join (--seam-frames).
// 4: segments and seams are lossless; the join encodes once at --crf.
// 5: the steady carry keeps its steps' change by trust (0.5x trusted, 1.5x not) and draws the same jitter every carried frame.
export const FARM_SETTINGS_VERSION = 5;
export const DREAMREEL_VERSION = '0.1.0';
export const QUEUE = 'dreamreel';

/** What every chunk of one render shares: plain data, as it travels through Redis. */
export interface RenderSpec {
  readonly settingsVersion: number;
  readonly dreamreel: string;
  readonly renderId: string;
  /** Absolute paths, the same on every worker (shared storage). */
  readonly input: string;
  readonly output: string;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly frames: number;
  readonly start?: number;
  readonly duration?: number;
  readonly flow: boolean;
  readonly audioCodec?: string;
  readonly chunks: number;
  /** Names the chunks' folder after the settings and the plan, so --resume never reuses a segment of another plan. */
  readonly planKey: string;
  /** The render's parsed options (preset applied), as JSON; each worker parses them back with the same schema. */
  readonly options: RenderOptionsIn;
  /** Everything that shapes the frames, for each chunk's checkpoint. */
  readonly identity: Record<string, unknown>;
}

export interface ChunkJobData {
  readonly render: RenderSpec;
  readonly chunk: ChunkSpec;
}

export interface JoinJobData {
  readonly render: RenderSpec;
  /** The plan, for the seams the join blends (absent in jobs queued before seams: hard joins). */
  readonly chunks?: readonly ChunkSpec[];
}

/** What a chunk job reports while it runs (job.progress). */
export interface ChunkProgress {
  readonly worker: string;
  readonly done: number;
  readonly frames: number;
  readonly loss?: number;
  readonly ms?: number;
}

export const chunkJobId = (renderId: string, index: number): string => `${renderId}-c${String(index).padStart(4, '0')}`;

/** Written by the submitter; its absence tells a late duplicate that the render was joined or discarded. */
export const farmMarker = (output: string): string => join(Checkpoint.dirFor(output), 'farm.json');

/**
 * Each chunk's segment (and, beside it, its frame checkpoint) lives under the output's checkpoint folder.
 * MPEG-TS: its 90 kHz clock joins segments frame-exactly (MP4 segments with B-frames drift at each join).
 */
export const segmentPath = (render: Pick<RenderSpec, 'output' | 'planKey'>, index: number): string =>
  join(Checkpoint.dirFor(render.output), `chunks-${render.planKey}`, `chunk-${String(index).padStart(4, '0')}.ts`);

/**
 * Segments and seams are lossless H.264 (x264 at CRF 0 is lossless in yuv420p): the join
 * encodes the whole video once at the user's --crf, so a join is not a codec keyframe jump.
 */
export const LOSSLESS_CRF = 0;

/** The H.264 quality the user asked for (the job's options, parsed again by every worker already). */
export const crfOf = (render: Pick<RenderSpec, 'options'>): number => {
  const crf = Number(render.options.crf ?? 18);
  return Number.isInteger(crf) && crf >= 0 && crf <= 51 ? crf : 18;
};

/** A seam's frames, as the chunk on each side dreamed them: kept beside the segments until the join. */
export const seamFramePath = (render: Pick<RenderSpec, 'output' | 'planKey'>, frame: number, side: 'left' | 'right'): string =>
  join(Checkpoint.dirFor(render.output), `chunks-${render.planKey}`, 'seams', `frame-${String(frame).padStart(6, '0')}-${side}.png`);

/** The cross-faded frames that open chunk `index`, encoded by the join like the segments. */
export const seamSegmentPath = (render: Pick<RenderSpec, 'output' | 'planKey'>, index: number): string =>
  segmentPath(render, index).replace(/\.ts$/, '-seam.ts');

/** Why this worker must not render the job, or undefined when it may. */
export function incompatibility(render: RenderSpec): string | undefined {
  if (render.settingsVersion === FARM_SETTINGS_VERSION) return undefined;
  return `render ${render.renderId} was queued by dreamreel ${render.dreamreel} (settings version ${render.settingsVersion}); this worker runs dreamreel ${DREAMREEL_VERSION} (settings version ${FARM_SETTINGS_VERSION}) and would make different frames: run the same dreamreel version on every worker`;
}

/** BullMQ connection options from a redis:// or rediss:// URL; requests wait through reconnections instead of failing. */
export function connectionOptions(url: string): {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  tls?: object;
  maxRetriesPerRequest: null;
} {
  const u = new URL(url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db !== undefined && Number.isInteger(db) ? { db } : {}),
    ...tlsOptions(u),
    maxRetriesPerRequest: null,
  };
}

export const cancelKey = (renderId: string): string => `dreamreel:cancelled:${renderId}`;

/** Lock duration of chunk jobs; tests shorten it to prove a long step does not lose the lock. */
export function lockMs(): number {
  const v = Number(process.env.DREAMREEL_FARM_LOCK_MS);
  return Number.isFinite(v) && v >= 500 ? v : 30_000;
}
