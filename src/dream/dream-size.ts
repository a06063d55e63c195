import { totalmem } from 'node:os';
import { DreamreelError } from '../errors.js';
import { estimateDreamBytes } from './memory.js';
import { ancestorsOf, type Network } from './network/graph.js';
import { minimumInputSide } from './network/shapes.js';
import { sayWith, type Surface } from '../options/naming.js';

/** What is dreamed: the network (by its model name) up to the objective's layers. */
export interface DreamTarget {
  readonly network: Network;
  readonly model: string;
  readonly layers: readonly string[];
}

export interface DreamSize {
  readonly width: number;
  readonly height: number;
  readonly tileSize: number;
  /** Full-size frames a video pipeline holds besides the dream loop's own. */
  readonly heldFrames?: number;
}

/**
 * Refuses, before anything is read or decoded, a size the network cannot take (its deepest
 * objective layer would be empty) or this machine cannot hold.
 */
export function checkDreamSize(target: DreamTarget, { width, height, tileSize, heldFrames = 0 }: DreamSize, surface: Surface = 'cli'): void {
  const say = (sentence: string): string => sayWith(sentence, surface);
  const { network: net, layers } = target;
  const minSide = minimumInputSide(net, ancestorsOf(net, layers));
  if (Math.min(width, height) < minSide) {
    const side = Math.ceil((minSide * Math.max(width, height)) / Math.min(width, height));
    throw new DreamreelError(
      `a ${width}x${height} dream is too small for ${target.model} up to ${layers.join(', ')}: its shorter side needs at least ${minSide} pixels (${say('{size}')} ${side} or more)`,
    );
  }
  if (tileSize < minSide) throw new DreamreelError(`${say('{tileSize}')} ${tileSize} is too small for ${layers.join(', ')}: use at least ${minSide}`);
  let bytes: number;
  try {
    bytes = estimateDreamBytes(net, layers, width, height, tileSize, heldFrames);
  } catch (e) {
    // A classifier in the objective takes only its training size.
    if (e instanceof RangeError) throw new DreamreelError(`a ${width}x${height} dream cannot reach ${layers.join(', ')}: ${e.message}`);
    throw e;
  }
  if (bytes > totalmem() * 0.8) {
    throw new DreamreelError(
      `a ${width}x${height} dream needs about ${(bytes / 2 ** 30).toFixed(1)} GiB, more than this machine has: use a smaller ${say('{size} or {tileSize}')}`,
    );
  }
}
