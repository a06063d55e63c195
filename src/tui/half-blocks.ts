import { resizeImage, type RgbImage } from '../image/image.js';

const channel = (v: number): number => Math.round(Math.min(1, Math.max(0, v)) * 255);

/**
 * A picture as truecolor half blocks: each character cell shows two pixels, the upper as the
 * foreground of '▀' and the lower as its background. Works in any truecolor terminal.
 */
export function halfBlocks(image: RgbImage, columns: number): string[] {
  const width = Math.max(1, Math.min(columns, image.width));
  const height = Math.max(2, Math.round(((image.height / image.width) * width) / 2) * 2);
  const small = resizeImage(image, width, height);
  const rows: string[] = [];
  for (let y = 0; y < height; y += 2) {
    let row = '';
    for (let x = 0; x < width; x++) {
      const t = (y * width + x) * 3;
      const b = ((y + 1) * width + x) * 3;
      const d = small.data;
      row += `\x1b[38;2;${channel(d[t]!)};${channel(d[t + 1]!)};${channel(d[t + 2]!)}m\x1b[48;2;${channel(d[b]!)};${channel(d[b + 1]!)};${channel(d[b + 2]!)}m▀`;
    }
    rows.push(row + '\x1b[0m');
  }
  return rows;
}
