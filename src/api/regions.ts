import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DreamreelError } from '../errors.js';
import type { Objective } from '../dream/objectives/index.js';
import { buildObjective } from '../dream/objective-spec.js';
import { invalid, sayWith, type Surface } from '../options/index.js';
import { parseLayerText } from '../options/layers.js';
import { loadPreset, PRESETS_DIR } from './presets.js';
import type { DreamSession } from './session.js';

/** A region's SPEC as layers text: a preset's layers for this model, or a layers spec as `layers` takes it. */
function regionLayers(spec: string, model: string, surface: Surface): string {
  const preset = existsSync(join(PRESETS_DIR, `${spec}.json`)) || (spec.endsWith('.json') && existsSync(spec));
  if (!preset) return spec;
  const layers = loadPreset(spec).layers[model];
  if (!layers)
    throw new DreamreelError(`${sayWith('{region}', surface)}: preset "${spec}" has no layers for ${model}; give layers instead, such as inception_4c/output`);
  return layers;
}

/** The objective of each region, built like `layers` (same loss and crop; no class or guide). */
export function regionObjectives(session: DreamSession, specs: readonly string[], surface: Surface = 'cli'): Objective[] {
  return specs.map((spec) => {
    const text = regionLayers(spec, session.model, surface);
    const layers = parseLayerText(text);
    if (!layers) throw invalid(sayWith('{region}', surface), 'layers such as inception_4c/output or a preset name after MASK=', spec);
    return buildObjective(
      session.network,
      { reduce: session.spec.reduce, ...(session.spec.crop ? { crop: session.spec.crop } : {}), layers },
      undefined,
      surface,
    );
  });
}
