import type { ChunkJobData } from './payload.js';

/** Parent -> chunk process. */
export type ToChunk = { readonly type: 'run'; readonly data: ChunkJobData } | { readonly type: 'stop' };

/** Chunk process -> parent. Frame indices count written frames of the chunk (preroll excluded). */
export type FromChunk =
  | { readonly type: 'loaded'; /** Frames restored from the chunk's checkpoint, preroll included. */ readonly restored: number; readonly loadMs: number }
  | {
      readonly type: 'frame';
      readonly done: number;
      /** The frame's index in the chunk, preroll included. */ readonly index: number;
      readonly preroll: boolean;
      readonly loss: number;
      readonly ms: number;
    }
  /** The latest dreamed frame (absolute index), shrunk to 8-bit RGB (base64) for the dashboard; `ms`: what shrinking it cost the chunk. */
  | { readonly type: 'thumb'; readonly frame: number; readonly width: number; readonly height: number; readonly rgb: string; readonly ms: number }
  | { readonly type: 'done'; readonly stopped: boolean }
  | { readonly type: 'error'; readonly message: string; readonly user: boolean };
