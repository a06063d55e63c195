import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DreamreelError } from '../errors.js';
import type { Objective } from '../dream/objectives/index.js';
import { buildObjective, parseLayers } from '../cli/objective-spec.js';
import { loadPreset, PRESETS_DIR } from '../cli/presets.js';
import type { DreamSession } from '../cli/session.js';

/** A --region's SPEC as layers: a preset's layers for this model, or a layers spec as --layers takes it. */
function regionLayers(spec: string, model: string): string {
  const preset = existsSync(join(PRESETS_DIR, `${spec}.json`)) || (spec.endsWith('.json') && existsSync(spec));
  if (!preset) return spec;
  const layers = loadPreset(spec).layers[model];
  if (!layers) throw new DreamreelError(`--region: preset "${spec}" has no layers for ${model}; give layers instead, such as inception_4c/output`);
  return layers;
}

/** The objective of each --region, built like --layers (same loss and crop; no --class or --guide). */
export function regionObjectives(session: DreamSession, specs: readonly string[]): Objective[] {
  return specs.map((spec) => buildObjective(session.network, { reduce: session.spec.reduce, ...(session.spec.crop ? { crop: session.spec.crop } : {}), layers: parseLayers(regionLayers(spec, session.model)) }));
}
