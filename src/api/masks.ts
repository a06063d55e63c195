import { resolve } from 'node:path';
import { FLOW_MASKS, splitRegion, type MaskOptions } from '../options/mask.js';
import type { Mask } from '../image/mask.js';
import { showMask } from '../image/mask-overlay.js';
import type { DreamRegion } from '../dream/ascent.js';
import type { MaskPlan } from '../pipeline/mask-plan.js';
import { regionObjectives } from './regions.js';
import type { DreamSession, SessionContext } from './session.js';

const absolute = (path: string): string => ((FLOW_MASKS as readonly string[]).includes(path) ? path : resolve(path));

/** Mask files as absolute paths (`mask` and each region's): farm workers may start elsewhere. */
export function absoluteMasks<T extends MaskOptions>(o: T): T {
  const region = o.region.map((r) => {
    const { mask, spec } = splitRegion(r)!;
    return `${absolute(mask)}=${spec}`;
  });
  return { ...o, ...(o.mask ? { mask: absolute(o.mask) } : {}), region };
}

/** What a single picture's ascent takes from the plan: the mask's weight and each region's objective and weight. */
export function pictureMasks(plan: MaskPlan, session: DreamSession, ctx: Pick<SessionContext, 'surface'>): { weight?: Mask; regions: DreamRegion[] } {
  const regions = regionObjectives(session, plan.regionSpecs, ctx.surface).map((objective, i) => ({ objective, weight: plan.regionFirsts[i]! }));
  return { ...(plan.first ? { weight: plan.first } : {}), regions };
}

/** The dream as the live preview shows it: with the mask drawn over it when asked. */
export const shownWithMask = (image: Parameters<typeof showMask>[0], mask: Mask | undefined, show: boolean): ReturnType<typeof showMask> =>
  mask && show ? showMask(image, mask) : image;
