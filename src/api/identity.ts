import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FramesOptionsOut } from '../options/index.js';
import { modelIdentity } from '../pipeline/checkpoint-identity.js';
import type { Song } from '../pipeline/song.js';
import type { DreamSession } from './session.js';

/** A picture's identity is its content: the same name with other pixels is another render. */
export const contentHash = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A song by its content and smoothing: another song under the same name is another render. */
export const songIdentity = (song: Song | undefined): Record<string, unknown> => (song ? { audio: song.identity } : {});

/**
 * What shapes frames beyond the dream settings, shared by render and zoom, CLI and library alike,
 * computed from the parsed options: pictures (the guide) and the model by content.
 */
export function sharedIdentity(o: FramesOptionsOut, session: DreamSession): Record<string, unknown> {
  return {
    objective: o.layerSchedule ?? session.objective.description,
    spec: session.spec,
    // The model by its files' content and its resolved preprocessing, not only its name.
    ...modelIdentity(session.network),
    ...(o.layerSchedule ? { scheduleMode: o.scheduleMode } : {}),
    ...(o.guide ? { guide: contentHash(o.guide) } : {}),
  };
}
