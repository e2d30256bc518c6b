// The members' document reader (templates/workspace/reader.njk): pdf.js's own viewer
// components show the PDF as a continuous column of pages, render only the pages near the
// viewport, put a text layer over each (text can be selected and found) and search the document.
// Everything the script needs comes from the data- attributes of `.reader`: the addresses of
// the document and of pdf.js (versioned, served by src/portal/portal-assets.ts) and the German
// texts of src/vocabulary/labels.ts.
//
// For notes added later: the root carries data-file-id and data-body-key, dispatches
// `reader:textlayer` once a page's text layer is there, and `window.ratsReader` scrolls to a
// page or finds a quote.

const FIND_STATE = { FOUND: 0, NOT_FOUND: 1, WRAPPED: 2, PENDING: 3 };
const PAGE_ANNOUNCE_DELAY = 600;
const SEARCH_ANNOUNCE_DELAY = 300;

/** A German text of the page's catalogue with `{name}` filled in. */
function textOf(root, key, values = {}) {
  const template = root.dataset[key] ?? '';
  return template.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
}

/** pdf.js asks its l10n for a few words (the page regions' names); the reader names those itself, in German. */
const germanL10n = {
  getLanguage: () => 'de',
  getDirection: () => 'ltr',
  get: async (ids, _args, fallback) => (Array.isArray(ids) ? ids.map(() => '') : (fallback ?? '')),
  translate: async () => {},
  translateOnce: async () => {},
  pause: () => {},
  resume: () => {},
  destroy: async () => {},
};

async function loadLibraries(root) {
  // pdf.js's worker (the larger half) starts loading at once, beside the libraries, instead of
  // after them: the first page shows that much sooner.
  const workerPort = new Worker(root.dataset.pdfjsWorkerUrl, { type: 'module' });
  // The viewer components read the API from globalThis.pdfjsLib, which pdf.min.mjs sets; so in this order.
  const pdfjsLib = await import(root.dataset.pdfjsUrl);
  const viewerLib = await import(root.dataset.pdfjsViewerUrl);
  pdfjsLib.GlobalWorkerOptions.workerPort = workerPort;
  return { pdfjsLib, viewerLib };
}

function createViewer(root, { pdfjsLib, viewerLib }) {
  const container = root.querySelector('[data-reader-viewport]');
  const eventBus = new viewerLib.EventBus();
  const linkService = new viewerLib.PDFLinkService({ eventBus });
  const findController = new viewerLib.PDFFindController({ eventBus, linkService });
  const pdfViewer = new viewerLib.PDFViewer({
    container,
    eventBus,
    linkService,
    findController,
    l10n: germanL10n,
    // Links in the document work; its forms and scripts are not run.
    annotationMode: pdfjsLib.AnnotationMode.ENABLE,
  });
  linkService.setViewer(pdfViewer);
  return { container, eventBus, linkService, findController, pdfViewer };
}

function openDocument(root, pdfjsLib) {
  const base = root.dataset.pdfjsBase;
  return pdfjsLib.getDocument({
    url: root.dataset.documentUrl,
    cMapUrl: `${base}cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${base}standard_fonts/`,
    // JPEG 2000 images are decoded by pdf.js's JavaScript fallback: WebAssembly would need the policy's 'wasm-unsafe-eval'.
    wasmUrl: `${base}wasm/`,
    useWasm: false,
    isEvalSupported: false,
    enableXfa: false,
  }).promise;
}

/** "Seite X von N" in the controls, and once scrolling rests, in the status region. */
function trackPages(root, viewer, announce) {
  const input = root.querySelector('#leser-seite');
  viewer.eventBus.on('pagechanging', ({ pageNumber }) => {
    if (document.activeElement !== input) input.value = String(pageNumber);
    announce(textOf(root, 'textPageOf', { page: pageNumber, total: viewer.pdfViewer.pagesCount }), PAGE_ANNOUNCE_DELAY);
  });
}

function goToPage(viewer, pageNumber) {
  const count = viewer.pdfViewer.pagesCount;
  if (!Number.isInteger(pageNumber) || count === 0) return;
  viewer.pdfViewer.currentPageNumber = Math.min(Math.max(pageNumber, 1), count);
}

function bindPageControls(root, viewer, announce) {
  const input = root.querySelector('#leser-seite');
  root.querySelector('[data-reader-page-form]').addEventListener('submit', (event) => {
    event.preventDefault();
    goToPage(viewer, Number.parseInt(input.value, 10));
    input.value = String(viewer.pdfViewer.currentPageNumber);
  });
  input.addEventListener('blur', () => {
    input.value = String(viewer.pdfViewer.currentPageNumber);
  });
  const actions = {
    'previous-page': () => goToPage(viewer, viewer.pdfViewer.currentPageNumber - 1),
    'next-page': () => goToPage(viewer, viewer.pdfViewer.currentPageNumber + 1),
    'zoom-in': () => viewer.pdfViewer.increaseScale(),
    'zoom-out': () => viewer.pdfViewer.decreaseScale(),
    'fit-width': () => {
      viewer.pdfViewer.currentScaleValue = 'page-width';
    },
  };
  // The member's own zoom steps are said aloud; the fit to the window on opening is not.
  let zoomedByMember = false;
  for (const [action, run] of Object.entries(actions)) {
    root.querySelector(`[data-reader-action="${action}"]`).addEventListener('click', () => {
      zoomedByMember = !action.endsWith('-page');
      run();
    });
  }
  const zoom = root.querySelector('[data-reader-zoom]');
  viewer.eventBus.on('scalechanging', ({ scale }) => {
    const percent = Math.round(scale * 100);
    zoom.textContent = `${percent} %`;
    if (zoomedByMember) announce(textOf(root, 'textZoomedTo', { percent }));
    zoomedByMember = false;
  });
  // Fit to width follows the window (a tablet turned, a phone's bar hidden), unless the member zoomed.
  window.addEventListener('resize', () => {
    if (viewer.pdfViewer.currentScaleValue === 'page-width') viewer.pdfViewer.currentScaleValue = 'page-width';
  });
}

function findIn(viewer, query, findPrevious) {
  viewer.eventBus.dispatch('find', {
    source: null,
    type: 'again',
    query,
    caseSensitive: false,
    entireWord: false,
    highlightAll: true,
    findPrevious,
    matchDiacritics: false,
  });
}

/** Search: Enter or "Suchen" finds the next match (Shift+Enter the one before), the count stays beside the field. */
function bindSearch(root, viewer, announce) {
  const input = root.querySelector('#leser-suche');
  const matches = root.querySelector('[data-reader-matches]');
  const find = (previous) => {
    const query = input.value.trim();
    if (query) findIn(viewer, query, previous);
  };
  root.querySelector('[data-reader-search-form]').addEventListener('submit', (event) => {
    event.preventDefault();
    find(false);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && event.shiftKey) {
      event.preventDefault();
      find(true);
    }
  });
  root.querySelector('[data-reader-action="find-next"]').addEventListener('click', () => find(false));
  root.querySelector('[data-reader-action="find-previous"]').addEventListener('click', () => find(true));

  const describe = ({ state, matchesCount, rawQuery }) => {
    if (state === FIND_STATE.NOT_FOUND) return textOf(root, 'textNoMatch', { query: rawQuery ?? input.value.trim() });
    // While pdf.js still reads pages, a found match may come before its count.
    if (state === FIND_STATE.PENDING || !matchesCount?.total) return null;
    const total = textOf(root, 'textMatches', { total: matchesCount.total });
    return matchesCount.current ? `${total}, ${textOf(root, 'textMatchOf', matchesCount)}` : total;
  };
  // The count grows page by page; the status region says it once it rests.
  const show = (text) => {
    if (text === null) return;
    matches.textContent = text;
    announce(text, SEARCH_ANNOUNCE_DELAY);
  };
  viewer.eventBus.on('updatefindcontrolstate', (event) => show(describe(event)));
  viewer.eventBus.on('updatefindmatchescount', ({ matchesCount }) => show(describe({ state: FIND_STATE.FOUND, matchesCount })));
}

/** Names each page region in German and tells listeners of the root when a page's text layer is there. */
function bindPageEvents(root, viewer) {
  viewer.eventBus.on('pagesinit', () => {
    for (let index = 0; index < viewer.pdfViewer.pagesCount; index++) {
      const pageView = viewer.pdfViewer.getPageView(index);
      pageView.div.setAttribute('aria-label', textOf(root, 'textPageOf', { page: index + 1, total: viewer.pdfViewer.pagesCount }));
    }
  });
  viewer.eventBus.on('textlayerrendered', ({ pageNumber, source }) => {
    const textLayerDiv = source.textLayer?.div ?? source.div.querySelector('.textLayer');
    root.dispatchEvent(new CustomEvent('reader:textlayer', { bubbles: true, detail: { pageNumber, textLayerDiv, pageDiv: source.div } }));
  });
}

/** The small interface for what comes next (notes): scroll to a page, the document, find a quote. */
function exposeReader(viewer, pdfDocument) {
  window.ratsReader = {
    pdfDocument,
    // Before the pages are laid out (and fitted to the width, which scrolls to the top) the jump waits for them.
    scrollToPage: (pageNumber) => {
      if (viewer.pdfViewer.pagesCount > 0) goToPage(viewer, pageNumber);
      else viewer.eventBus.on('pagesinit', () => goToPage(viewer, pageNumber), { once: true });
    },
    findQuote: (quote) => findIn(viewer, String(quote), false),
  };
}

async function start(root) {
  const status = root.querySelector('[data-reader-status]');
  // One status region, one pending message: whatever was said last wins, so a page
  // change that rests later cannot talk over the search result that came after it.
  let pending = null;
  const announce = (text, delay = 0) => {
    clearTimeout(pending);
    if (delay === 0) status.textContent = text;
    else pending = setTimeout(() => (status.textContent = text), delay);
  };
  announce(textOf(root, 'textLoading'));
  // The frame takes the window's height once there is something to show in it.
  root.classList.add('reader--active');
  status.hidden = false;
  root.querySelector('[data-reader-frame]').hidden = false;
  // Marks in the browser's performance timeline tell where the wait for the first page goes.
  performance.mark('reader:start');
  const libraries = await loadLibraries(root);
  performance.mark('reader:libraries');
  const viewer = createViewer(root, libraries);
  bindPageEvents(root, viewer);
  viewer.eventBus.on('pagesinit', () => {
    viewer.pdfViewer.currentScaleValue = 'page-width';
  });
  viewer.eventBus.on('pagerendered', () => performance.mark('reader:first-page'), { once: true });
  const pdfDocument = await openDocument(root, libraries.pdfjsLib);
  performance.mark('reader:document');
  viewer.pdfViewer.setDocument(pdfDocument);
  viewer.linkService.setDocument(pdfDocument, null);
  root.querySelector('[data-reader-total]').textContent = String(pdfDocument.numPages);
  bindPageControls(root, viewer, announce);
  bindSearch(root, viewer, announce);
  trackPages(root, viewer, announce);
  root.querySelector('[data-reader-controls]').hidden = false;
  announce(textOf(root, 'textPageOf', { page: 1, total: pdfDocument.numPages }));
  exposeReader(viewer, pdfDocument);
  root.dataset.readerReady = 'true';
}

const root = document.querySelector('.reader[data-document-url]');
if (root) {
  start(root).catch((error) => {
    console.error(error);
    root.querySelector('[data-reader-status]').textContent = textOf(root, 'textFailed');
  });
}
