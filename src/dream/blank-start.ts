import { rgbImage, type RgbImage } from '../image/image.js';
import { seededRandom } from './random.js';

/** Flat grey, or grey with mild seeded noise: pictures to dream from nothing. */
export function blankStart(kind: 'grey' | 'noise', width: number, height: number, seed: number): RgbImage {
  const data = new Float32Array(width * height * 3).fill(0.5);
  if (kind === 'noise') {
    const random = seededRandom(seed);
    for (let i = 0; i < data.length; i++) data[i] = 0.35 + 0.3 * random();
  }
  return rgbImage(width, height, data);
}
