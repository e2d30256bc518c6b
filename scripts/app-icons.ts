/**
 * Draws the icons of the installable members' app (GET /manifest.webmanifest) once:
 *   TS_NODE_TRANSPILE_ONLY=1 npx ts-node -r tsconfig-paths/register scripts/app-icons.ts
 * writes templates/portal/assets/icon-192.png and icon-512.png, which are committed. The canvas
 * comes with pdf-parse (@napi-rs/canvas); it is needed only to run this script again.
 */
import { createCanvas } from '@napi-rs/canvas';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The portal's accent and surface colours (templates/portal/assets/portal.css). */
const ACCENT = '#00577a';
const WHITE = '#ffffff';

function icon(size: number): Buffer {
  const canvas = createCanvas(size, size);
  const g = canvas.getContext('2d');
  g.fillStyle = ACCENT;
  g.fillRect(0, 0, size, size);
  // A sheet of paper with lines, centred inside the "maskable" safe zone (the inner 80 %).
  const unit = size / 16;
  g.fillStyle = WHITE;
  g.fillRect(5 * unit, 3.5 * unit, 6 * unit, 9 * unit);
  g.fillStyle = ACCENT;
  for (let line = 0; line < 5; line++) g.fillRect(6 * unit, (5 + line * 1.4) * unit, (line === 4 ? 2.5 : 4) * unit, 0.5 * unit);
  return canvas.toBuffer('image/png');
}

const target = join(__dirname, '..', 'templates', 'portal', 'assets');
for (const size of [192, 512]) writeFileSync(join(target, `icon-${size}.png`), icon(size));
