import { DreamreelError } from '../errors.js';
import type { DreamEngine } from '../dream/engine.js';
import { BackendUnavailable, fallbackLine, selectEngine } from '../dream/engines/select-engine.js';
import { loadModel } from '../dream/models/load-model.js';
import { DEFAULT_MODEL } from '../dream/models/registry.js';
import { checkDreamSize, type DreamSize } from '../dream/dream-size.js';
import { buildObjective, withNodeNames, type ObjectiveSpec } from '../dream/objective-spec.js';
import type { Objective } from '../dream/objectives/index.js';
import type { Network } from '../dream/network/graph.js';
import { readImage } from '../pipeline/image-io.js';
import { BACKENDS, type BackendName } from '../options/dream.js';
import type { DreamingOptions } from '../options/index.js';
import { parseLayerText } from '../options/layers.js';
import { invalid } from '../options/messages.js';
import { nameOf, type Surface } from '../options/naming.js';
import { preprocessOf } from '../options/preprocess.js';
import { presetLayersByModules } from './presets.js';
import { sayOnFirstUse } from './first-use.js';

export interface DreamSession {
  readonly engine: DreamEngine;
  readonly objective: Objective;
  readonly model: string;
  readonly network: Network;
  readonly spec: ObjectiveSpec;
  readonly guided: boolean;
}

/** How the caller is told things while a session opens, and what it calls the options. */
export interface SessionContext {
  readonly log: (line: string) => void;
  readonly surface: Surface;
  /** A preset's layers for model files, by module path (`modules:Mixed_6?`), used when no layers were given. */
  readonly preset?: string;
}

/** The backend asked for: the option, else DREAMREEL_BACKEND, else the fastest available (undefined). */
export function backendName(o: Pick<DreamingOptions, 'backend'>, env: NodeJS.ProcessEnv = process.env): BackendName | undefined {
  if (o.backend) return o.backend;
  const raw = env.DREAMREEL_BACKEND;
  if (raw === undefined || raw === '') return undefined;
  if (!(BACKENDS as readonly string[]).includes(raw)) throw invalid('DREAMREEL_BACKEND', `one of ${BACKENDS.join(', ')}`, raw);
  return raw as BackendName;
}

/** The objective's spec from parsed options: the layers given, or the model's classic layer. */
export function objectiveSpec(o: DreamingOptions, defaultLayer: string | undefined): ObjectiveSpec {
  const layers = o.layers?.length ? o.layers : o.class !== undefined || !defaultLayer ? [] : [{ layer: defaultLayer, weight: 1 }];
  return {
    layers,
    reduce: o.loss ?? 'meanSquare',
    ...(o.class !== undefined ? { classIndex: o.class } : {}),
    ...(o.crop !== undefined ? { crop: o.crop } : {}),
  };
}

async function loadNetwork(o: DreamingOptions, log: (line: string) => void): Promise<Network> {
  const preprocess = preprocessOf(o);
  if (o.model?.startsWith('http://'))
    log(`dreamreel: warning: ${o.model} is fetched over plain http://: nothing verifies the model on the way; prefer https://`);
  return loadModel(o.model ?? DEFAULT_MODEL, {
    download: true,
    ...(preprocess ? { preprocess } : {}),
    onProgress: ({ file, bytes, total }) => {
      if (total && bytes === total) log(`downloaded ${file}`);
    },
  });
}

async function startEngine(network: Network, backend: BackendName | undefined, log: (line: string) => void): Promise<DreamEngine> {
  try {
    const selected = await selectEngine(network, backend);
    const fallback = selected.warning ?? fallbackLine(selected);
    // On a terminal, before the progress UI draws (a line written under it garbles it); else
    // when the engine first computes, so a run refused for a mistake still says one line.
    if (fallback && process.stderr.isTTY) log(fallback);
    else if (fallback) return sayOnFirstUse(selected.engine, () => log(fallback));
    return selected.engine;
  } catch (e) {
    if (e instanceof BackendUnavailable) throw new DreamreelError(e.message);
    throw e;
  }
}

/** Loads the model, starts the backend and builds the objective: the work every dream starts with. */
export async function openSession(o: DreamingOptions, ctx: SessionContext): Promise<DreamSession> {
  const backend = backendName(o);
  const network = await loadNetwork(o, ctx.log);
  const byModules = ctx.preset && !o.layers?.length && network.modulePaths ? presetLayersByModules(ctx.preset, network.modulePaths) : undefined;
  const withPreset = byModules ? { ...o, layers: parseLayerText(byModules) ?? [] } : o;
  const spec = withNodeNames(network, objectiveSpec(withPreset, network.suggestedLayers[0] ?? network.nodes.at(-1)?.name));
  // Validate the objective before starting a backend: a typo should fail fast.
  buildObjective(network, spec, undefined, ctx.surface);
  const engine = await startEngine(network, backend, ctx.log);
  try {
    const guides = o.guide ? await guideFeatures(engine, o.guide, spec, ctx.surface) : undefined;
    return { engine, objective: buildObjective(network, spec, guides, ctx.surface), model: network.name, network, spec, guided: guides !== undefined };
  } catch (e) {
    // A missing or unreadable guide is the user's to fix: the engine must not outlive the refusal.
    await engine.dispose();
    throw e;
  }
}

/** Every layer is matched against its own features of the guide. */
async function guideFeatures(
  engine: DreamEngine,
  guide: string,
  spec: ObjectiveSpec,
  surface: Surface,
): Promise<Awaited<ReturnType<DreamEngine['activations']>>> {
  const layers = [...new Set(spec.layers.map((t) => t.layer))];
  if (layers.length === 0) throw new DreamreelError(`${nameOf('guide', surface)} needs a layer in ${nameOf('layers', surface)}`);
  return engine.activations(await readImage(guide, 320), layers);
}

/** Refuses a size the network cannot take or this machine cannot hold, releasing the engine when it does. */
export async function checkSizeOrClose(session: DreamSession, size: DreamSize, surface: Surface): Promise<void> {
  try {
    checkDreamSize({ network: session.engine.network, model: session.model, layers: session.objective.layers }, size, surface);
  } catch (e) {
    await session.engine.dispose();
    throw e;
  }
}

/** Closes the session when `work` fails: for the steps between opening it and handing it on. */
export async function orClose<T>(session: DreamSession, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (e) {
    await session.engine.dispose();
    throw e;
  }
}
