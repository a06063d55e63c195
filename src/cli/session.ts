import { DreamreelError } from '../errors.js';
import type { DreamEngine } from '../dream/engine.js';
import { BackendUnavailable, fallbackLine, selectEngine } from '../dream/engines/select-engine.js';
import { loadModel } from '../dream/models/load-model.js';
import { DEFAULT_MODEL } from '../dream/models/registry.js';
import { readImage } from '../pipeline/image-io.js';
import type { Objective } from '../dream/objectives/index.js';
import { backendName, objectiveSpec, type RawDreamFlags } from './dream-options.js';
import { buildObjective, withNodeNames, type ObjectiveSpec } from './objective-spec.js';
import { preprocessSpec } from './preprocess-options.js';
import { presetLayersByModules } from './presets.js';
import { sayOnFirstUse } from './first-use.js';
import type { Network } from '../dream/network/graph.js';

export interface DreamSession {
  readonly engine: DreamEngine;
  readonly objective: Objective;
  readonly model: string;
  readonly network: Network;
  readonly spec: ObjectiveSpec;
  readonly guided: boolean;
}

/** Loads the model, starts the backend and builds the objective: the work every dreaming command starts with. */
export async function openSession(flags: RawDreamFlags, log: (line: string) => void): Promise<DreamSession> {
  const backend = backendName(flags);
  const preprocess = preprocessSpec(flags);
  if (flags.model?.startsWith('http://')) log(`dreamreel: warning: ${flags.model} is fetched over plain http://: nothing verifies the model on the way; prefer https://`);
  const network = await loadModel(flags.model ?? DEFAULT_MODEL, {
    download: true,
    ...(preprocess ? { preprocess } : {}),
    onProgress: ({ file, bytes, total }) => {
      if (total && bytes === total) log(`downloaded ${file}`);
    },
  });
  // A model file a preset knows by its module paths (`modules:Mixed_6?`), unless layers were given.
  const byModules = flags.preset && !flags.layers && network.modulePaths ? presetLayersByModules(flags.preset, network.modulePaths) : undefined;
  const spec = withNodeNames(network, objectiveSpec(byModules ? { ...flags, layers: byModules } : flags, network.suggestedLayers[0] ?? network.nodes.at(-1)?.name));
  // Validate the objective before starting a backend: a typo should fail fast.
  buildObjective(network, spec);
  let engine: DreamEngine;
  try {
    const selected = await selectEngine(network, backend);
    const fallback = selected.warning ?? fallbackLine(selected);
    engine = selected.engine;
    // On a terminal, before the progress UI draws (a line written under it garbles it); else
    // when the engine first computes, so a run refused for a mistake still says one line.
    if (fallback && process.stderr.isTTY) log(fallback);
    else if (fallback) engine = sayOnFirstUse(engine, () => log(fallback));
  } catch (e) {
    if (e instanceof BackendUnavailable) throw new DreamreelError(e.message);
    throw e;
  }
  try {
    const guides = flags.guide ? await guideFeatures(engine, flags.guide, spec) : undefined;
    return { engine, objective: buildObjective(network, spec, guides), model: network.name, network, spec, guided: guides !== undefined };
  } catch (e) {
    // A missing or unreadable guide is the user's to fix: the engine must not outlive the refusal.
    await engine.dispose();
    throw e;
  }
}

/** Every layer is matched against its own features of the guide. */
async function guideFeatures(engine: DreamEngine, guide: string, spec: ObjectiveSpec): Promise<Awaited<ReturnType<DreamEngine['activations']>>> {
  const layers = [...new Set(spec.layers.map((t) => t.layer))];
  if (layers.length === 0) throw new DreamreelError('--guide needs a layer in --layers');
  return engine.activations(await readImage(guide, 320), layers);
}
