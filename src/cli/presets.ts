import type { Command } from 'commander';
import { listPresets, loadPreset } from '../api/presets.js';

/**
 * Fills the flags the user did not type from the preset (commander knows which were typed):
 * a preset sets defaults, the command line always wins. Preset values are already typed
 * values of the options model; the command line's strings are parsed after.
 */
export function applyPreset<T extends object>(flags: T & { preset?: string; model?: string; layers?: string }, command: Command, defaultModel: string): T {
  if (!flags.preset) return flags;
  const preset = loadPreset(flags.preset);
  const out: Record<string, unknown> = { ...flags };
  const typed = (key: string): boolean => command.getOptionValueSource(key) === 'cli';
  for (const [key, value] of Object.entries(preset.options)) {
    if (!typed(key) && command.options.some((o) => o.attributeName() === key)) out[key] = value;
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
