import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { z as Z } from 'zod';
import { DreamreelError } from '../errors.js';

/** The bundled presets, beside src/ and dist/ alike. */
export const PRESETS_DIR = fileURLToPath(new URL('../../presets/', import.meta.url));

/** Built on first use: `--help` and commands without --preset never load zod. */
function buildPresetSchema() {
  const { z } = createRequire(import.meta.url)('zod') as { z: typeof Z };
  const number = z.number().finite();
  return z
    .object({
      description: z.string().min(1),
      layers: z.record(z.string(), z.string().min(1)),
      options: z
        .object({
          octaves: number, octaveScale: number, steps: number, stepsNext: number, octavesNext: number, lr: number, lrEnd: number, blur: number, blurEnd: number,
          jitter: number, blend: number, zoom: number, rotate: number, loss: z.enum(['mean', 'meanSquare']), normalise: z.enum(['meanAbs', 'std']), flip: z.boolean(), originalColors: z.boolean(),
          // Masks (src/options/mask.ts parses them with the flags): files relative to where dreamreel runs.
          mask: z.string().min(1), maskInvert: z.boolean(), maskFeather: number, maskThreshold: number, region: z.array(z.string().min(1)),
        })
        .partial()
        .strict(),
    })
    .strict();
}
let presetSchema: ReturnType<typeof buildPresetSchema> | undefined;
export type Preset = Z.infer<ReturnType<typeof buildPresetSchema>> & { readonly name: string };

export function loadPreset(nameOrPath: string): Preset {
  const path = existsSync(nameOrPath) ? nameOrPath : join(PRESETS_DIR, `${nameOrPath}.json`);
  if (!existsSync(path)) throw new DreamreelError(`unknown preset "${nameOrPath}": expected one of ${listPresets().map((p) => p.name).join(', ')}, or a preset file`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new DreamreelError(`preset ${path} is not valid JSON: ${(e as Error).message}`);
  }
  presetSchema ??= buildPresetSchema();
  const parsed = presetSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DreamreelError(`preset ${path}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  return { ...parsed.data, name: basename(path, '.json') };
}

/** Preset layer keys for model files: `modules:` and a glob over module paths (`*`, `?`). */
export const MODULES_KEY = 'modules:';

/** A preset's layers for a model file, by a key such as `modules:Mixed_6?` matching one of its module paths. */
export function presetLayersByModules(nameOrPath: string, modulePaths: readonly string[]): string | undefined {
  const preset = loadPreset(nameOrPath);
  for (const [key, layers] of Object.entries(preset.layers)) {
    if (!key.startsWith(MODULES_KEY)) continue;
    const pattern = new RegExp(`^${key.slice(MODULES_KEY.length).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    if (modulePaths.some((p) => pattern.test(p))) return layers;
  }
  return undefined;
}


export function listPresets(): Preset[] {
  return readdirSync(PRESETS_DIR).filter((f) => f.endsWith('.json')).sort().map((f) => loadPreset(join(PRESETS_DIR, f)));
}

/**
 * Fills the flags the user did not type from the preset (commander knows which were typed):
 * a preset sets defaults, the command line always wins.
 */
export function applyPreset<T extends object>(flags: T & { preset?: string; model?: string; layers?: string }, command: Command, defaultModel: string): T {
  if (!flags.preset) return flags;
  const preset = loadPreset(flags.preset);
  const out: Record<string, unknown> = { ...flags };
  const typed = (key: string): boolean => command.getOptionValueSource(key) === 'cli';
  for (const [key, value] of Object.entries(preset.options)) {
    if (!typed(key) && command.options.some((o) => o.attributeName() === key)) out[key] = typeof value === 'boolean' || Array.isArray(value) ? value : String(value);
  }
  const layers = preset.layers[flags.model ?? defaultModel];
  if (layers && !typed('layers')) out.layers = layers;
  return out as T;
}

export function presetsCommand(program: Command): void {
  program
    .command('presets')
    .description('list the bundled presets (use one with --preset NAME, or --preset file.json)')
    .action(() => {
      for (const p of listPresets()) process.stdout.write(`${p.name.padEnd(18)} ${p.description}\n`);
    });
}
