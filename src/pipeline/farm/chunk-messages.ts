import type { ChunkJobData } from './payload.js';

/** Parent -> chunk process. */
export type ToChunk = { readonly type: 'run'; readonly data: ChunkJobData } | { readonly type: 'stop' };

/** Chunk process -> parent. Frame indices count written frames of the chunk (preroll excluded). */
export type FromChunk =
  | { readonly type: 'loaded'; /** Frames restored from the chunk's checkpoint, preroll included. */ readonly restored: number; readonly loadMs: number }
  | { readonly type: 'frame'; readonly done: number; readonly preroll: boolean; readonly loss: number; readonly ms: number }
  /** The latest dreamed frame (absolute index) as a small JPEG for the dashboard; `ms` is what making it cost. */
  | { readonly type: 'thumb'; readonly frame: number; readonly jpeg: string; readonly ms: number }
  | { readonly type: 'done'; readonly stopped: boolean }
  | { readonly type: 'error'; readonly message: string; readonly user: boolean };
