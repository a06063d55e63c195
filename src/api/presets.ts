import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DreamreelError } from '../errors.js';
import { optionsError } from '../options/messages.js';
import { presetSchema, type PresetFile } from '../options/preset.js';

/** The bundled presets, beside src/ and dist/ alike. */
export const PRESETS_DIR = fileURLToPath(new URL('../../presets/', import.meta.url));

export type Preset = PresetFile & { readonly name: string };

/** A bundled preset by name, or a preset file, validated by the options model (the flags' own ranges and messages). */
export function loadPreset(nameOrPath: string): Preset {
  const path = existsSync(nameOrPath) ? nameOrPath : join(PRESETS_DIR, `${nameOrPath}.json`);
  if (!existsSync(path))
    throw new DreamreelError(
      `unknown preset "${nameOrPath}": expected one of ${listPresets()
        .map((p) => p.name)
        .join(', ')}, or a preset file`,
    );
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new DreamreelError(`preset ${path} is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = presetSchema.safeParse(raw);
  if (!parsed.success) throw new DreamreelError(`preset ${path}: ${optionsError(parsed.error, raw, 'file').message}`);
  return { ...parsed.data, name: basename(path, '.json') };
}

/** Preset layer keys for model files: `modules:` and a glob over module paths (`*`, `?`). */
export const MODULES_KEY = 'modules:';

/** A preset's layers for a model file, by a key such as `modules:Mixed_6?` matching one of its module paths. */
export function presetLayersByModules(nameOrPath: string, modulePaths: readonly string[]): string | undefined {
  const preset = loadPreset(nameOrPath);
  for (const [key, layers] of Object.entries(preset.layers)) {
    if (!key.startsWith(MODULES_KEY)) continue;
    const pattern = new RegExp(
      `^${key
        .slice(MODULES_KEY.length)
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    if (modulePaths.some((p) => pattern.test(p))) return layers;
  }
  return undefined;
}

export function listPresets(): Preset[] {
  return readdirSync(PRESETS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => loadPreset(join(PRESETS_DIR, f)));
}
