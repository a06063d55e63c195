/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-assignment --
   zod's generic shapes: groups of any shape are joined here and typed again by JoinedShape; zod's _def wrappers are untyped. */
import { z } from 'zod';
import { conflict, optionsError } from './messages.js';
import type { Surface } from './naming.js';

/** A check across options: a sentence naming them as `{key}` when they conflict, else undefined. */
export type Rule<T = Record<string, unknown>> = (options: T) => string | undefined;

/** One group of options (dream, frame, clip …): its schema, and the rules across its options. */
export interface OptionGroup<S extends z.ZodRawShape = z.ZodRawShape> {
  readonly schema: z.ZodObject<S>;
  readonly rules?: readonly Rule<any>[];
}

/** A command's options: its groups joined (a later group's key overrides an earlier one: per-command defaults). */
export interface OptionSet<S extends z.ZodRawShape = z.ZodRawShape> {
  readonly schema: z.ZodObject<S, 'strict'>;
  readonly rules: readonly Rule<any>[];
}

type ShapeOf<G> = G extends OptionGroup<infer S> ? S : never;
type Merge<G extends readonly unknown[]> = G extends readonly [infer A, ...infer R] ? Omit<ShapeOf<A>, keyof Merge<R>> & Merge<R> : Record<never, never>;
type Flatten<T> = { [K in keyof T]: T[K] };
/** The groups' shapes joined, a later group's key winning. */
export type JoinedShape<G extends readonly unknown[]> = Flatten<Merge<G>> extends infer S extends z.ZodRawShape ? S : never;

export function optionSet<const G extends readonly OptionGroup<any>[]>(...groups: G): OptionSet<JoinedShape<G>> {
  const shape = Object.assign({}, ...groups.map((g) => g.schema.shape)) as JoinedShape<G>;
  return { schema: z.object(shape).strict(), rules: groups.flatMap((g) => g.rules ?? []) };
}

export type OptionsIn<S extends OptionSet> = z.input<S['schema']>;
export type OptionsOf<S extends OptionSet> = z.output<S['schema']>;

/** Judges values against a set: the schema, then the rules across options; `shown` is what the user gave, quoted in messages. */
function judge<S extends OptionSet>(set: S, values: unknown, shown: unknown, surface: Surface): OptionsOf<S> {
  const parsed = set.schema.safeParse(values ?? {});
  if (!parsed.success) throw optionsError(parsed.error, shown, surface);
  for (const rule of set.rules) {
    const sentence = rule(parsed.data);
    if (sentence) throw conflict(sentence, surface);
  }
  return parsed.data;
}

/** Validates options given as values (the library, presets, farm payloads); the first mistake is one DreamreelError. */
export function parseOptions<S extends OptionSet>(set: S, input: unknown, surface: Surface): OptionsOf<S> {
  return judge(set, input, input, surface);
}

/** What a field takes underneath its optional/default/refinement wrappers. */
function kindOf(schema: z.ZodTypeAny): 'number' | 'numbers' | 'other' {
  let s: z.ZodTypeAny = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) s = s._def.innerType;
    else if (s instanceof z.ZodEffects) s = s._def.schema;
    else break;
  }
  if (s instanceof z.ZodNumber) return 'number';
  if (s instanceof z.ZodArray && s._def.type instanceof z.ZodNumber) return 'numbers';
  return 'other';
}

const toNumber = (raw: string): number => (raw.trim() === '' ? NaN : Number(raw));

/**
 * Command-line strings as the values the schema takes: "4" -> 4, "0.5,0.5" -> [0.5, 0.5]. Nothing
 * is judged here: a string that is no number becomes NaN and fails the field's own check, whose
 * message then quotes the string as typed. Flags the set does not know (output mode) are left out.
 */
export function fromFlags<S extends OptionSet>(set: S, flags: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(flags)) {
    const field = set.schema.shape[key] as z.ZodTypeAny | undefined;
    if (!field || raw === undefined) continue;
    const kind = kindOf(field);
    out[key] = typeof raw !== 'string' || kind === 'other' ? raw : kind === 'number' ? toNumber(raw) : raw.split(',').map(toNumber);
  }
  return out;
}

/** Parses command-line strings: coerced by fromFlags, judged by the schema, named as flags, quoting what was typed. */
export function parseFlags<S extends OptionSet>(set: S, flags: object): OptionsOf<S> {
  return judge(set, fromFlags(set, flags), flags, 'cli');
}

/** A field's default, for help texts ("(default: 4)"). */
export function defaultOf(field: z.ZodTypeAny): unknown {
  let s: z.ZodTypeAny = field;
  while (s instanceof z.ZodOptional || s instanceof z.ZodEffects) s = s instanceof z.ZodOptional ? s._def.innerType : s._def.schema;
  return s instanceof z.ZodDefault ? s._def.defaultValue() : undefined;
}
