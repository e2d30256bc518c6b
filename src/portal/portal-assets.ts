import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATES_DIR } from 'src/common/views';

export interface Asset {
  content: Buffer;
  contentType: string;
  /** Versioned file name: its URL changes with its content, so it may be cached for a year. */
  versionedName: string;
}

function load(name: string, contentType: string): Asset {
  const content = readFileSync(join(TEMPLATES_DIR, 'portal', 'assets', name));
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 12);
  const dot = name.lastIndexOf('.');
  return { content, contentType, versionedName: `${name.slice(0, dot)}.${hash}${name.slice(dot)}` };
}

/** The portal's static files, read once at start. */
export class PortalAssets {
  readonly css = load('portal.css', 'text/css; charset=utf-8');
  /** Small enhancements of the council office's forms; every form works without it. */
  readonly officeJs = load('office.js', 'text/javascript; charset=utf-8');

  /** URLs for the layouts. */
  get urls(): { css: string; officeJs: string } {
    return { css: `/static/${this.css.versionedName}`, officeJs: `/static/${this.officeJs.versionedName}` };
  }

  find(name: string): { asset: Asset; versioned: boolean } | null {
    for (const [plain, asset] of [
      ['portal.css', this.css],
      ['office.js', this.officeJs],
    ] as const) {
      if (name === asset.versionedName) return { asset, versioned: true };
      if (name === plain) return { asset, versioned: false };
    }
    return null;
  }
}
