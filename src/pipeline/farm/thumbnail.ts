/** Where the dashboard's thumbnails live: light, so readers need not load sharp. */

/** Longest side of the dashboard's thumbnails: a grid tile (192x108 of RGB is 62 KB in Redis). */
export const THUMB_SIDE = 192;

/**
 * A chunk publishes at most one thumbnail per interval, whatever its frame time: one pass over the
 * frame (a few ms at 640x360) per second bounds the cost to a fraction of a percent (README: dashboard).
 */
export const THUMB_INTERVAL_MS = 1000;

/** Redis hash of the latest thumbnail of one chunk: rgb, width, height, frame, at. */
export const thumbKey = (renderId: string, chunk: number): string => `dreamreel:thumb:${renderId}:${chunk}`;

/** How long a thumbnail outlives its render's last update. */
export const THUMB_TTL_SECONDS = 2 * 24 * 3600;
