import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { TEMPLATES_DIR } from 'src/common/views';

export interface Asset {
  content: Buffer;
  contentType: string;
  /** Versioned file name: its URL changes with its content, so it may be cached for a year. */
  versionedName: string;
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const PNG = 'image/png';

function load(
  name: string,
  contentType: string,
  path = join(TEMPLATES_DIR, 'portal', 'assets', name),
  edit = (text: string) => text,
): Asset {
  const content = contentType === PNG ? readFileSync(path) : Buffer.from(edit(readFileSync(path, 'utf8')));
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 12);
  const dot = name.lastIndexOf('.');
  return { content, contentType, versionedName: `${name.slice(0, dot)}.${hash}${name.slice(dot)}` };
}

/** The altcha package exports no package.json; its style sheet sits in dist/external. */
const ALTCHA_ROOT = join(dirname(require.resolve('altcha/altcha.css')), '..', '..');
const PDFJS_ROOT = dirname(require.resolve('pdfjs-dist/package.json'));
const PDFJS_VERSION = (JSON.parse(readFileSync(join(PDFJS_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The folders of pdf.js its code fetches from by name (fonts, character maps, the JPEG 2000 decoder, the viewer's icons). */
const PDFJS_DIRECTORIES: Record<string, string> = {
  cmaps: 'cmaps',
  standard_fonts: 'standard_fonts',
  wasm: 'wasm',
  images: join('web', 'images'),
};
const PDFJS_TYPES: Record<string, string> = {
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf',
  '.js': JS,
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.gif': 'image/gif',
};

/**
 * pdf.js's folders under `/static/pdfjs/{version}/{folder}/{name}`: the version in the address
 * lets them be cached for a year. Only the files listed at start are served, so no name reaches
 * outside its folder.
 */
export class PdfjsDirectories {
  readonly version = PDFJS_VERSION;
  readonly base = `/static/pdfjs/${PDFJS_VERSION}`;
  private readonly files = new Map<string, Map<string, { path: string; contentType: string }>>(
    Object.entries(PDFJS_DIRECTORIES).map(([folder, relative]) => {
      const directory = join(PDFJS_ROOT, relative);
      const names = readdirSync(directory).filter((name) => PDFJS_TYPES[extname(name)] !== undefined);
      return [folder, new Map(names.map((name) => [name, { path: join(directory, name), contentType: PDFJS_TYPES[extname(name)] }]))];
    }),
  );

  /** The addresses of one folder's files, for storing them offline. */
  urls(folder: string): string[] {
    return [...(this.files.get(folder)?.keys() ?? [])].map((name) => `${this.base}/${folder}/${name}`);
  }

  find(version: string, folder: string, name: string): { path: string; contentType: string } | null {
    if (version !== this.version) return null;
    return this.files.get(folder)?.get(name) ?? null;
  }
}

/** The portal's static files, read once at start. */
export class PortalAssets {
  readonly pdfjsDirectories = new PdfjsDirectories();
  readonly css = load('portal.css', CSS);
  /** Small enhancements of the council office's forms; every form works without it. */
  readonly officeJs = load('office.js', JS);
  /** SortableJS, for drag and drop in the agenda editor (an extra beside its buttons); served from the installed package. */
  readonly sortableJs = load('sortable.min.js', JS, require.resolve('sortablejs/Sortable.min.js'));
  /** The members' document reader (templates/workspace/reader.njk), built on pdf.js from the installed package. */
  readonly readerJs = load('reader.mjs', JS);
  /** The members' notes in the reader: highlights over the text and notes written from a selection. */
  readonly readerNotesJs = load('reader-notes.mjs', JS);
  readonly pdfJs = load('pdf.min.mjs', JS, join(PDFJS_ROOT, 'build', 'pdf.min.mjs'));
  readonly pdfWorkerJs = load('pdf.worker.min.mjs', JS, join(PDFJS_ROOT, 'build', 'pdf.worker.min.mjs'));
  readonly pdfViewerJs = load('pdf_viewer.mjs', JS, join(PDFJS_ROOT, 'web', 'pdf_viewer.mjs'));
  /** Its icons are relative to the style sheet; they are served from pdf.js's folder instead. */
  /** Members' offline use: registers the service worker, stores meetings "für unterwegs", replays notes written offline. */
  readonly offlineJs = load('offline.mjs', JS);
  /** The public live page of a meeting: follows its event stream and announces what changed. */
  readonly liveJs = load('live.mjs', JS);
  /** For everyone else: removes what a member stored for offline use, should a logout not have done so. */
  readonly offlineCleanupJs = load('offline-cleanup.mjs', JS);
  /** The service worker, served as `/sw.js` (its scope is the whole site) and never cached long. */
  readonly serviceWorker = load('sw.js', JS);
  /** The installable app's icons (drawn by scripts/app-icons.ts). */
  readonly icon192 = load('icon-192.png', PNG);
  readonly icon512 = load('icon-512.png', PNG);
  /** The ALTCHA widget of the residents' forms (its "external" build: styles and worker as files of their own, so the CSP stays strict). */
  readonly altchaJs = load('altcha.min.js', JS, join(ALTCHA_ROOT, 'dist', 'external', 'altcha.min.js'));
  readonly altchaCss = load('altcha.css', CSS, join(ALTCHA_ROOT, 'dist', 'external', 'altcha.css'));
  readonly altchaDeJs = load('altcha-de.js', JS, join(ALTCHA_ROOT, 'dist', 'i18n', 'de.js'));
  readonly altchaWorkerJs = load('altcha-sha.js', JS, join(ALTCHA_ROOT, 'dist', 'workers', 'sha.js'));
  /** Registers the widget's worker from this site and loads the widget in German. */
  readonly participationJs = load('participation.mjs', JS);
  readonly pdfViewerCss = load('pdf_viewer.css', CSS, join(PDFJS_ROOT, 'web', 'pdf_viewer.css'), (text) =>
    text.replace(/url\((["']?)images\//g, `url($1${this.pdfjsDirectories.base}/images/`),
  );

  /** URLs for the layouts. */
  get urls(): Record<
    | 'css'
    | 'officeJs'
    | 'sortableJs'
    | 'readerJs'
    | 'readerNotesJs'
    | 'pdfJs'
    | 'pdfWorkerJs'
    | 'pdfViewerJs'
    | 'pdfViewerCss'
    | 'pdfjsBase'
    | 'offlineJs'
    | 'offlineCleanupJs'
    | 'liveJs'
    | 'icon192'
    | 'icon512'
    | 'altchaJs'
    | 'altchaCss'
    | 'altchaDeJs'
    | 'altchaWorkerJs'
    | 'participationJs',
    string
  > {
    return {
      css: `/static/${this.css.versionedName}`,
      officeJs: `/static/${this.officeJs.versionedName}`,
      sortableJs: `/static/${this.sortableJs.versionedName}`,
      readerJs: `/static/${this.readerJs.versionedName}`,
      readerNotesJs: `/static/${this.readerNotesJs.versionedName}`,
      pdfJs: `/static/${this.pdfJs.versionedName}`,
      pdfWorkerJs: `/static/${this.pdfWorkerJs.versionedName}`,
      pdfViewerJs: `/static/${this.pdfViewerJs.versionedName}`,
      pdfViewerCss: `/static/${this.pdfViewerCss.versionedName}`,
      pdfjsBase: `${this.pdfjsDirectories.base}/`,
      offlineJs: `/static/${this.offlineJs.versionedName}`,
      offlineCleanupJs: `/static/${this.offlineCleanupJs.versionedName}`,
      liveJs: `/static/${this.liveJs.versionedName}`,
      icon192: `/static/${this.icon192.versionedName}`,
      icon512: `/static/${this.icon512.versionedName}`,
      altchaJs: `/static/${this.altchaJs.versionedName}`,
      altchaCss: `/static/${this.altchaCss.versionedName}`,
      altchaDeJs: `/static/${this.altchaDeJs.versionedName}`,
      altchaWorkerJs: `/static/${this.altchaWorkerJs.versionedName}`,
      participationJs: `/static/${this.participationJs.versionedName}`,
    };
  }

  find(name: string): { asset: Asset; versioned: boolean } | null {
    for (const [plain, asset] of [
      ['portal.css', this.css],
      ['office.js', this.officeJs],
      ['sortable.min.js', this.sortableJs],
      ['reader.mjs', this.readerJs],
      ['reader-notes.mjs', this.readerNotesJs],
      ['pdf.min.mjs', this.pdfJs],
      ['pdf.worker.min.mjs', this.pdfWorkerJs],
      ['pdf_viewer.mjs', this.pdfViewerJs],
      ['pdf_viewer.css', this.pdfViewerCss],
      ['offline.mjs', this.offlineJs],
      ['offline-cleanup.mjs', this.offlineCleanupJs],
      ['live.mjs', this.liveJs],
      ['icon-192.png', this.icon192],
      ['icon-512.png', this.icon512],
      ['altcha.min.js', this.altchaJs],
      ['altcha.css', this.altchaCss],
      ['altcha-de.js', this.altchaDeJs],
      ['altcha-sha.js', this.altchaWorkerJs],
      ['participation.mjs', this.participationJs],
    ] as const) {
      if (name === asset.versionedName) return { asset, versioned: true };
      if (name === plain) return { asset, versioned: false };
    }
    return null;
  }
}
