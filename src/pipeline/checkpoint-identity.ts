/** A checkpoint's settings as stored: JSON, so undefined keys drop out exactly as on disk. */
export function normalised(identity: unknown): unknown {
  return JSON.parse(JSON.stringify(identity ?? null)) as unknown;
}

const shown = (v: unknown): string => (v === undefined ? 'unset' : JSON.stringify(v));

/** Every setting that differs between two identities, as "fps (12 then, 24 now)". */
export function differences(then: unknown, now: unknown, path = ''): string[] {
  if (JSON.stringify(then) === JSON.stringify(now)) return [];
  if (isRecord(then) && isRecord(now)) {
    const keys = new Set([...Object.keys(then), ...Object.keys(now)]);
    return [...keys].flatMap((key) => differences(then[key], now[key], path ? `${path}.${key}` : key));
  }
  return [`${path || 'settings'} (${shown(then)} then, ${shown(now)} now)`];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
