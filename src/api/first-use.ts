import type { DreamEngine } from '../dream/engine.js';

/**
 * The engine, saying `say()` once when it first computes: a notice about the backend (why no
 * GPU) belongs to a run that dreams, not to one refused for a user's mistake, which must stay
 * one line.
 */
export function sayOnFirstUse(engine: DreamEngine, say: () => void): DreamEngine {
  let said = false;
  const once = (): void => {
    if (!said) say();
    said = true;
  };
  return {
    name: engine.name,
    network: engine.network,
    activations: (image, layers) => (once(), engine.activations(image, layers)),
    lossAndGradient: (image, objective) => (once(), engine.lossAndGradient(image, objective)),
    // The fused step too, or the wrapped engine would silently lose it.
    ...(engine.fusedStepper ? { fusedStepper: (plan: Parameters<NonNullable<DreamEngine['fusedStepper']>>[0]) => (once(), engine.fusedStepper!(plan)) } : {}),
    liveResources: () => engine.liveResources(),
    dispose: () => engine.dispose(),
  };
}
