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

function load(name: string, contentType: string, path = join(TEMPLATES_DIR, 'portal', 'assets', name)): Asset {
  const content = readFileSync(path);
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 12);
  const dot = name.lastIndexOf('.');
  return { content, contentType, versionedName: `${name.slice(0, dot)}.${hash}${name.slice(dot)}` };
}

/** The portal's static files, read once at start. */
export class PortalAssets {
  readonly css = load('portal.css', 'text/css; charset=utf-8');
  /** Small enhancements of the council office's forms; every form works without it. */
  readonly officeJs = load('office.js', 'text/javascript; charset=utf-8');
  /** SortableJS, for drag and drop in the agenda editor (an extra beside its buttons); served from the installed package. */
  readonly sortableJs = load('sortable.min.js', 'text/javascript; charset=utf-8', require.resolve('sortablejs/Sortable.min.js'));

  /** URLs for the layouts. */
  get urls(): { css: string; officeJs: string; sortableJs: string } {
    return {
      css: `/static/${this.css.versionedName}`,
      officeJs: `/static/${this.officeJs.versionedName}`,
      sortableJs: `/static/${this.sortableJs.versionedName}`,
    };
  }

  find(name: string): { asset: Asset; versioned: boolean } | null {
    for (const [plain, asset] of [
      ['portal.css', this.css],
      ['office.js', this.officeJs],
      ['sortable.min.js', this.sortableJs],
    ] as const) {
      if (name === asset.versionedName) return { asset, versioned: true };
      if (name === plain) return { asset, versioned: false };
    }
    return null;
  }
}
