import { z } from 'zod';
import { decimal } from './fields.js';

/** One item of `layers`: `name`, `name[channel]`, either with `:weight`. */
export interface LayerTarget {
  readonly layer: string;
  readonly channel?: number;
  readonly weight: number;
}

const ITEM = /^\s*([^[\]:,]+?)(?:\[(\d+)\])?(?::([-+0-9.eE]+))?\s*$/;
const WHAT = 'items such as inception_4c/output, inception_4d/output[139] or mixed4c:0.5';
const weight = decimal(-100, 100);

/** `a,b[3]:0.5` or its items as an array, or targets already parsed (a farm payload). */
const target = z.object({ layer: z.string().min(1), channel: z.number().int().min(0).optional(), weight: weight }).strict();

/** Items as targets; the first bad item is reported with the message of `--layers`. */
export function layersField() {
  return z.union([z.string(), z.array(z.union([z.string(), target])).readonly()], { errorMap: () => ({ message: WHAT }) }).transform((raw, ctx): LayerTarget[] => {
    const items: (string | LayerTarget)[] = typeof raw === 'string' ? raw.split(',') : raw.flatMap<string | LayerTarget>((item) => (typeof item === 'string' ? item.split(',') : [item]));
    const targets: LayerTarget[] = [];
    for (const item of items) {
      if (typeof item !== 'string') {
        targets.push(item);
        continue;
      }
      const m = ITEM.exec(item);
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
  targets.map((t) => `${t.layer}${t.channel === undefined ? '' : `[${t.channel}]`}${t.weight === 1 ? '' : `:${t.weight}`}`).join(',');
