import sharp from 'sharp';
import { toBytes, type RgbImage } from '../image/image.js';
import { halfBlocks } from './half-blocks.js';

export type GraphicsProtocol = 'kitty' | 'iterm2' | 'blocks';

/** Kitty's graphics protocol where the terminal says it is kitty; iTerm2's inline images in iTerm2 and WezTerm; half blocks elsewhere. */
export function detectGraphics(env: NodeJS.ProcessEnv = process.env): GraphicsProtocol {
  if (env.TERM === 'xterm-kitty' || env.KITTY_WINDOW_ID) return 'kitty';
  if (env.TERM_PROGRAM === 'iTerm.app' || env.TERM_PROGRAM === 'WezTerm') return 'iterm2';
  return 'blocks';
}

/** The picture as terminal output `columns` cells wide, in the given protocol. */
export async function terminalImage(image: RgbImage, columns: number, protocol: GraphicsProtocol): Promise<string> {
  if (protocol === 'blocks') return halfBlocks(image, columns).join('\n');
  const png = (
    await sharp(toBytes(image), { raw: { width: image.width, height: image.height, channels: 3 } })
      .png()
      .toBuffer()
  ).toString('base64');
  if (protocol === 'iterm2') return `\x1b]1337;File=inline=1;width=${columns};preserveAspectRatio=1:${png}\x07`;
  // Kitty takes the payload in chunks of at most 4096 base64 bytes, m=1 on all but the last.
  const chunks = png.match(/.{1,4096}/g) ?? [];
  return chunks.map((chunk, i) => `\x1b_G${i === 0 ? `f=100,a=T,c=${columns},` : ''}m=${i < chunks.length - 1 ? 1 : 0};${chunk}\x1b\\`).join('');
}
