/** The ways a dream is carried from frame to frame (its own module: the CLI lists them without loading the warps). */
export const CARRIES = ['steady', 'fade'] as const;
export type CarryName = (typeof CARRIES)[number];
