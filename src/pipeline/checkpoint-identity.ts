/** A checkpoint's settings as stored: JSON, so undefined keys drop out exactly as on disk. */
export function normalised(identity: unknown): unknown {
  return JSON.parse(JSON.stringify(identity ?? null)) as unknown;
}

import type { Network } from '../dream/network/graph.js';

/**
 * What a checkpoint knows a model by: its name, the sha256 of its files (a replaced weight file
 * is another model) and how pixels become its input (--preprocess, --mean, --std, --bgr, --scale,
 * as resolved against the model's own convention).
 */
export function modelIdentity(network: Network): Record<string, unknown> {
  return { model: network.name, ...(network.contentSha256 ? { modelContent: network.contentSha256 } : {}), preprocess: network.preprocess };
}

/** Settings stored as a sha256 of content: a changed one is named in words, not by two hashes. */
const CONTENT_KEYS: Readonly<Record<string, string>> = { modelContent: 'model content', still: 'still picture content', guide: 'guide picture content' };
const SHA256 = /^[0-9a-f]{64}$/;

const shown = (v: unknown): string => (v === undefined ? 'unset' : JSON.stringify(v));

/** Every setting that differs between two identities, as "fps (12 then, 24 now)". */
export function differences(then: unknown, now: unknown, path = ''): string[] {
  if (JSON.stringify(then) === JSON.stringify(now)) return [];
  const content = CONTENT_KEYS[path];
  if (content && typeof then === 'string' && typeof now === 'string' && SHA256.test(then) && SHA256.test(now))
    return [`${content} (changed since the checkpoint)`];
  if (isRecord(then) && isRecord(now)) {
    const keys = new Set([...Object.keys(then), ...Object.keys(now)]);
    return [...keys].flatMap((key) => differences(then[key], now[key], path ? `${path}.${key}` : key));
  }
  return [`${path || 'settings'} (${shown(then)} then, ${shown(now)} now)`];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
