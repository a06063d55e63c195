import { BackendUnavailable, startEngine } from '../dream/engines/select-engine.js';
import { GPU_BACKENDS, probeBackend, type GpuBackend } from '../dream/engines/probe.js';
import type { Network } from '../dream/network/graph.js';
import { BACKENDS, type BackendName } from '../options/dream.js';

/** The smallest network an engine can be started with: one ReLU. */
const probeNetwork: Network = {
  name: 'probe',
  input: 'data',
  nodes: [{ name: 'r', op: { kind: 'relu' }, inputs: ['data'] }],
  preprocess: { channelOrder: 'RGB', scale: [1, 1, 1], offset: [0, 0, 0] },
  suggestedLayers: ['r'],
};

/** Whether a backend starts here: GPU backends by their probe, the others by starting them. */
async function availability(name: BackendName): Promise<{ available: boolean; reason?: string; notChosen?: string }> {
  if ((GPU_BACKENDS as readonly string[]).includes(name)) return probeBackend(name as GpuBackend);
  try {
    const engine = await startEngine(name, probeNetwork);
    await engine.dispose();
    return { available: true };
  } catch (e) {
    if (e instanceof BackendUnavailable) return { available: false, reason: e.message };
    throw e;
  }
}

export interface BackendRow {
  readonly name: BackendName;
  readonly available: boolean;
  readonly reason?: string;
  /** Runs here but is never picked by default, and why (a software adapter, slower than ort-cpu). */
  readonly notChosen?: string;
  /** The first available: what a dream uses when none is asked for. */
  readonly chosen: boolean;
}

/** Every compute backend, in the order dreamreel tries them, and whether it can run here. */
export async function* backendAvailability(): AsyncGenerator<BackendRow> {
  let chosen: BackendName | undefined;
  for (const name of BACKENDS) {
    const { available, reason, notChosen } = await availability(name);
    if (available && !notChosen) chosen ??= name;
    yield { name, available, ...(reason ? { reason } : {}), ...(notChosen ? { notChosen } : {}), chosen: available && chosen === name };
  }
}
