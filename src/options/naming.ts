/**
 * What an option is called where it was given: `--octave-scale` on the command line,
 * `octaveScale` in the library (and `options.octaveScale` in a preset file). The key is the
 * one name; the flag is derived from it, so a new option needs no second spelling.
 */
export type Surface = 'cli' | 'library';

/** camelCase -> --kebab-case: `octaveScale` -> `--octave-scale`. */
export const flagOf = (key: string): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** The option's name as the user typed it on this surface. */
export const nameOf = (key: string, surface: Surface): string => (surface === 'cli' ? flagOf(key) : key);

/** Replaces `{key}` in a sentence with each option's name on this surface: `{crop}` -> `--crop` or `crop`. */
export const sayWith = (sentence: string, surface: Surface): string => sentence.replace(/\{(\w+)\}/g, (_, key: string) => nameOf(key, surface));
