import { Objective } from './objective.js';
import { channelTerm, classTerm, croppedTerm, guideTerm, layerTerm, type Reduce } from './terms.js';
import type { Activation } from '../activation.js';

export { Objective } from './objective.js';
export type { Term, LinearSeed } from './objective.js';
export type { Reduce } from './terms.js';

/** The objective building blocks, as values that compose with .plus() and .times(). */
export const objectives = {
  layer: (name: string, reduce?: Reduce): Objective => Objective.of(layerTerm(name, reduce)),
  channel: (name: string, channel: number, reduce?: Reduce): Objective => Objective.of(channelTerm(name, channel, reduce)),
  classLogit: (logitsLayer: string, classIndex: number): Objective => Objective.of(classTerm(logitsLayer, classIndex)),
  guide: (name: string, guide: Activation): Objective => Objective.of(guideTerm(name, guide)),
  cropped: (name: string, fraction: number, reduce?: Reduce): Objective => Objective.of(croppedTerm(layerTerm(name, reduce), fraction)),
};
