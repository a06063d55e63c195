/** The ways a dream is carried from frame to frame: the carry option's values (src/options/clip.ts). */
export { CARRIES, type CarryName } from '../../options/clip.js';
