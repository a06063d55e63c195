import { z } from 'zod';
import { DreamreelError } from '../errors.js';
import { parseSchedule, splitTopLevel, unwrapParentheses } from '../schedule/index.js';
import { decimal } from './fields.js';

/** One item of `layers`: `name`, `name[channel]`, either with `:weight`. */
export interface LayerTarget {
  readonly layer: string;
  readonly channel?: number;
  readonly weight: number;
  /** A weight that changes over a render: `mixed4c:(0:(1), 48:(0))`; `weight` is then 1. */
  readonly weightSchedule?: string;
}

const ITEM = /^\s*([^[\]:,()]+?)(?:\[(\d+)\])?(?::(\(.*\)|[-+0-9.eE]+))?\s*$/s;
const WHAT = 'items such as inception_4c/output, inception_4d/output[139], mixed4c:0.5 or mixed4c:(0:(1), 48:(0))';
const weight = decimal(-100, 100);

/** `a,b[3]:0.5` or its items as an array, or targets already parsed (a farm payload). */
const target = z
  .object({ layer: z.string().min(1), channel: z.number().int().min(0).optional(), weight: weight, weightSchedule: z.string().min(1).max(10_000).optional() })
  .strict();

/** `(0:(1), 48:(0))` or `(1 - t/48)`: a schedule (checked now, sampled per render); one that never changes is a plain weight. */
function scheduledWeight(layer: string, text: string, ctx: z.RefinementCtx): Pick<LayerTarget, 'weight' | 'weightSchedule'> | undefined {
  try {
    const schedule = parseSchedule(unwrapParentheses(text), `--layers weight of ${layer}`);
    if (schedule.kind !== 'constant') return { weight: 1, weightSchedule: schedule.source.text };
    const w = weight.safeParse(schedule.at(0, { fps: 1, frames: 1 }));
    if (w.success) return { weight: w.data };
    ctx.addIssue({ code: 'custom', message: 'a weight between -100 and 100' });
  } catch (e) {
    if (!(e instanceof DreamreelError)) throw e;
    ctx.addIssue({ code: 'custom', message: e.message, params: { whole: true } });
  }
  return undefined;
}

/** Items as targets; the first bad item is reported with the message of `--layers`. */
export function layersField() {
  return z
    .union([z.string(), z.array(z.union([z.string(), target])).readonly()], { errorMap: () => ({ message: WHAT }) })
    .transform((raw, ctx): LayerTarget[] => {
      // Commas inside a weight's parentheses belong to its keyframes, not to the list.
      const items: (string | LayerTarget)[] =
        typeof raw === 'string' ? splitTopLevel(raw) : raw.flatMap<string | LayerTarget>((item) => (typeof item === 'string' ? splitTopLevel(item) : [item]));
      const targets: LayerTarget[] = [];
      for (const item of items) {
        if (typeof item !== 'string') {
          targets.push(item);
          continue;
        }
        const m = ITEM.exec(item);
        if (m?.[3]?.startsWith('(')) {
          const w = scheduledWeight(m[1]!, m[3], ctx);
          if (!w) return z.NEVER;
          targets.push({ layer: m[1]!, ...(m[2] ? { channel: Number(m[2]) } : {}), ...w });
          continue;
        }
        const w = m?.[3] === undefined ? 1 : weight.safeParse(Number(m[3]));
        if (!m || (typeof w === 'object' && !w.success)) {
          ctx.addIssue({ code: 'custom', message: m ? 'a weight between -100 and 100' : WHAT });
          return z.NEVER;
        }
        targets.push({ layer: m[1]!, ...(m[2] ? { channel: Number(m[2]) } : {}), weight: typeof w === 'object' ? w.data : 1 });
      }
      return targets;
    });
}

/** A valid `layers` text as targets (a layer schedule's keys); undefined when it is not one. */
export function parseLayerText(raw: string): LayerTarget[] | undefined {
  const parsed = layersField().safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** The targets written back as the `layers` text (descriptions, checkpoint identity). */
export const layersText = (targets: readonly LayerTarget[]): string =>
  targets
    .map(
      (t) =>
        `${t.layer}${t.channel === undefined ? '' : `[${t.channel}]`}${t.weightSchedule ? `:(${t.weightSchedule})` : t.weight === 1 ? '' : `:${t.weight}`}`,
    )
    .join(',');
