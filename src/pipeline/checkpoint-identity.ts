/** A checkpoint's settings as stored: JSON, so undefined keys drop out exactly as on disk. */
export function normalised(identity: unknown): unknown {
  return JSON.parse(JSON.stringify(identity ?? null)) as unknown;
}

const shown = (v: unknown): string => (v === undefined ? 'unset' : JSON.stringify(v));

/** The first setting that differs between two identities, as "fps (12 then, 24 now)". */
export function firstDifference(then: unknown, now: unknown, path = ''): string | undefined {
  if (JSON.stringify(then) === JSON.stringify(now)) return undefined;
  if (isRecord(then) && isRecord(now)) {
    for (const key of new Set([...Object.keys(then), ...Object.keys(now)])) {
      const found = firstDifference(then[key], now[key], path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return `${path || 'settings'} (${shown(then)} then, ${shown(now)} now)`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
