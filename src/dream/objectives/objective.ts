import { croppedTerm } from './terms.js';
import type { Activation } from '../activation.js';
import type { Shape } from '../network/graph.js';
import type { LinearSeed, Term } from './term.js';

export type { LinearSeed, Term } from './term.js';

interface Weighted {
  readonly term: Term;
  readonly weight: number;
}

/**
 * What a dream maximises: a weighted sum of terms, composed like lucid's objectives
 * (`layer(a).plus(channel(b, 3).times(0.5))`); it describes itself for logs and the UI.
 */
export class Objective {
  private constructor(private readonly parts: readonly Weighted[]) {}

  static of(term: Term): Objective {
    return new Objective([{ term, weight: 1 }]);
  }

  static sum(objectives: readonly Objective[]): Objective {
    return new Objective(objectives.flatMap((o) => o.parts));
  }

  plus(other: Objective): Objective {
    return Objective.sum([this, other]);
  }

  times(k: number): Objective {
    return new Objective(this.parts.map((p) => ({ term: p.term, weight: p.weight * k })));
  }

  /** Every term with a border of `fraction` of each side left out. */
  cropped(fraction: number): Objective {
    return new Objective(this.parts.map((p) => ({ term: croppedTerm(p.term, fraction), weight: p.weight })));
  }

  get description(): string {
    return this.parts.map((p) => (p.weight === 1 ? p.term.description : `${+p.weight.toFixed(4)}·${p.term.description}`)).join(' + ');
  }

  /** The layers whose activations this objective reads, each once. */
  get layers(): string[] {
    return [...new Set(this.parts.map((p) => p.term.layer))];
  }

  loss(acts: ReadonlyMap<string, Activation>): number {
    return this.parts.reduce((sum, p) => sum + p.weight * p.term.loss(acts.get(p.term.layer)!), 0);
  }

  /** d loss / d activation for every layer. */
  seeds(acts: ReadonlyMap<string, Activation>): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    for (const { term, weight } of this.parts) {
      const seed = term.seed(acts.get(term.layer)!);
      const acc = out.get(term.layer);
      if (!acc) out.set(term.layer, weight === 1 ? seed : seed.map((v) => v * weight));
      else for (let i = 0; i < acc.length; i++) acc[i]! += seed[i]! * weight;
    }
    return out;
  }

  /** Per-layer linear seeds, or undefined when any term is not linear. */
  linearSeeds(shapes: ReadonlyMap<string, Shape>): Map<string, LinearSeed> | undefined {
    if (!this.parts.every((p) => p.term.linear !== undefined)) return undefined;
    const out = new Map<string, LinearSeed>();
    for (const { term, weight } of this.parts) {
      const shape = shapes.get(term.layer)!;
      const { scale, shift } = term.linear!(shape);
      const acc = out.get(term.layer) ?? { scale: new Float32Array(shape[0]), shift: new Float32Array(shape[0]) };
      for (let c = 0; c < shape[0]; c++) {
        acc.scale[c]! += scale[c]! * weight;
        acc.shift[c]! += shift[c]! * weight;
      }
      out.set(term.layer, acc);
    }
    return out;
  }
}
