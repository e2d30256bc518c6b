// The member's notes in the reader (templates/workspace/reader.njk): their highlights drawn over
// the text of each page as pdf.js renders it, and notes written from a selection of text. The
// list and the form beside the document are the page's own (they work without this script);
// this script posts the same form and asks for JSON (src/workspace/workspace-notes.controller.ts).
// A highlight is found on its page by its passage, compared without whitespace, with the text
// before and after it telling repeats apart; one whose passage is gone is not drawn.

const CONTEXT_CHARS = 32;
const MAX_QUOTE = 2000;

const reader = document.querySelector('.reader[data-document-url]');
const panel = document.querySelector('[data-reader-notes]');

/** Text as compared: without whitespace and soft hyphens (the server's anchoring compares the same way). */
const comparable = (text) => text.replace(/[\s\u00ad]+/g, '');

function commonSuffix(a, b) {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function commonPrefix(a, b) {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** A note of the list as the script needs it. */
function noteOf(item) {
  const d = item.dataset;
  return {
    id: d.noteId,
    audience: d.audience,
    quote: d.quote ?? null,
    prefix: d.prefix ?? '',
    suffix: d.suffix ?? '',
    page: d.page ? Number(d.page) : null,
    anchor: d.anchor,
  };
}

function listedNotes() {
  return [...panel.querySelectorAll('[data-note-list] > [data-note-id]')].map(noteOf);
}

/** The characters of a text layer without whitespace, each with the text node and offset it comes from. */
function indexOf(textLayer) {
  const walker = document.createTreeWalker(textLayer, NodeFilter.SHOW_TEXT);
  let text = '';
  const positions = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const value = node.nodeValue ?? '';
    for (let i = 0; i < value.length; i++) {
      if (/[\s\u00ad]/.test(value[i])) continue;
      text += value[i];
      positions.push([node, i]);
    }
  }
  return { text, positions };
}

/** The range of the note's passage in the text layer; null when it is not on this page. */
function rangeOf(index, note) {
  const needle = comparable(note.quote ?? '');
  if (!needle) return null;
  const prefix = comparable(note.prefix);
  const suffix = comparable(note.suffix);
  let best = -1;
  let bestScore = -1;
  for (let at = index.text.indexOf(needle); at !== -1; at = index.text.indexOf(needle, at + 1)) {
    const score =
      commonSuffix(index.text.slice(Math.max(0, at - prefix.length), at), prefix) +
      commonPrefix(index.text.slice(at + needle.length, at + needle.length + suffix.length), suffix);
    if (score > bestScore) {
      best = at;
      bestScore = score;
    }
  }
  if (best === -1) return null;
  const [startNode, startOffset] = index.positions[best];
  const [endNode, endOffset] = index.positions[best + needle.length - 1];
  const range = document.createRange();
  range.setStart(startNode, startOffset);
  range.setEnd(endNode, endOffset + 1);
  return range;
}

/** Draws the note's marks on the page, under the text layer so the text stays selectable. */
function draw(pageDiv, textLayer, range, note) {
  let layer = pageDiv.querySelector(':scope > .note-marks');
  if (!layer) {
    layer = document.createElement('div');
    layer.className = 'note-marks';
    layer.setAttribute('aria-hidden', 'true');
    textLayer.before(layer);
  }
  for (const old of layer.querySelectorAll(`[data-mark-for="${note.id}"]`)) old.remove();
  const base = pageDiv.getBoundingClientRect();
  for (const rect of range.getClientRects()) {
    if (rect.width < 1 || rect.height < 1) continue;
    const mark = document.createElement('div');
    mark.className = `note-mark note-mark--${note.audience}`;
    mark.dataset.markFor = note.id;
    mark.style.left = `${rect.left - base.left - pageDiv.clientLeft}px`;
    mark.style.top = `${rect.top - base.top - pageDiv.clientTop}px`;
    mark.style.width = `${rect.width}px`;
    mark.style.height = `${rect.height}px`;
    layer.append(mark);
  }
}

/**
 * Highlights the notes found on one rendered page. A note made on this page, still where it was
 * made, is looked for here only; one moved to a new version of the document on any page.
 */
function markPage(pageNumber, textLayer, pageDiv, notes) {
  if (!textLayer || !pageDiv) return;
  const index = indexOf(textLayer);
  for (const note of notes) {
    if (!note.quote || note.anchor === 'changed') continue;
    if (note.page && note.anchor === 'attached' && note.page !== pageNumber) continue;
    const range = rangeOf(index, note);
    if (range) draw(pageDiv, textLayer, range, note);
  }
}

/** The selected passage in a page's text layer, with its page and surroundings; null for anything else. */
function selectedPassage() {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  const start = range.startContainer instanceof Element ? range.startContainer : range.startContainer.parentElement;
  const textLayer = start?.closest('.textLayer');
  if (!textLayer || !textLayer.contains(range.endContainer)) return null;
  const quote = selection.toString().replace(/\s+/g, ' ').trim();
  if (!quote || quote.length > MAX_QUOTE) return null;
  const before = document.createRange();
  before.selectNodeContents(textLayer);
  before.setEnd(range.startContainer, range.startOffset);
  const after = document.createRange();
  after.selectNodeContents(textLayer);
  after.setStart(range.endContainer, range.endOffset);
  const page = Number(textLayer.closest('.page')?.dataset.pageNumber) || null;
  const squeeze = (text) => text.replace(/\s+/g, ' ');
  return {
    quote,
    prefix: squeeze(before.toString()).slice(-CONTEXT_CHARS),
    suffix: squeeze(after.toString()).slice(0, CONTEXT_CHARS),
    page,
  };
}

/** A new item of the list for a note the server (or the offline queue) took. */
function listItem(note, facts) {
  const item = document.createElement('li');
  item.className = `note${note.audience === 'faction' ? ' note--faction' : ''}`;
  item.id = `notiz-${note.id}`;
  Object.assign(item.dataset, {
    noteId: note.id,
    audience: note.audience,
    anchor: 'attached',
    ...(note.quote ? { quote: note.quote, prefix: note.prefix ?? '', suffix: note.suffix ?? '' } : {}),
    ...(note.page ? { page: String(note.page) } : {}),
  });
  const meta = document.createElement('p');
  meta.className = 'meta';
  meta.textContent = facts;
  item.append(meta);
  if (note.quote) {
    const quote = document.createElement('blockquote');
    quote.className = 'note__quote';
    quote.textContent = note.quote;
    item.append(quote);
  }
  if (note.text) {
    const text = document.createElement('p');
    text.className = 'note__text';
    text.textContent = note.text;
    item.append(text);
  }
  return item;
}

/** Resolves once the reader has its document (reader.mjs marks the root `data-reader-ready`). */
function readerReady() {
  if (reader.dataset.readerReady === 'true' && window.ratsReader) return Promise.resolve();
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (reader.dataset.readerReady !== 'true') return;
      observer.disconnect();
      resolve();
    });
    observer.observe(reader, { attributes: true, attributeFilter: ['data-reader-ready'] });
  });
}

function start() {
  const form = panel.querySelector('[data-note-form]');
  const status = panel.querySelector('[data-note-status]');
  const list = panel.querySelector('[data-note-list]');
  const quoteBox = form.querySelector('[data-note-quote]');
  const field = (name) => form.querySelector(`[data-note-field="${name}"]`);
  const say = (text) => {
    status.textContent = text;
  };
  const rendered = new Map();

  const redraw = (only) => {
    const notes = only ? [only] : listedNotes();
    for (const [pageNumber, { textLayerDiv, pageDiv }] of rendered) markPage(pageNumber, textLayerDiv, pageDiv, notes);
  };
  reader.addEventListener('reader:textlayer', ({ detail }) => {
    rendered.set(detail.pageNumber, detail);
    markPage(detail.pageNumber, detail.textLayerDiv, detail.pageDiv, listedNotes());
  });

  // "Zur Stelle": the page of a note, for the keyboard as for the eye.
  const addJump = (item) => {
    const note = noteOf(item);
    if (!note.page || item.querySelector('[data-note-jump]')) return;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button button--secondary';
    button.dataset.noteJump = '';
    button.textContent = `Zur Stelle (Seite ${note.page})`;
    button.addEventListener('click', async () => {
      await readerReady();
      window.ratsReader.scrollToPage(note.page);
      reader.querySelector('[data-reader-viewport]')?.focus();
    });
    item.querySelector('.meta')?.after(button);
  };
  for (const item of list.querySelectorAll('[data-note-id]')) addJump(item);

  // A selection in the document: a small bar offers to mark it, or to write a note on it.
  const bar = document.createElement('div');
  bar.className = 'note-bar';
  bar.hidden = true;
  bar.setAttribute('role', 'group');
  bar.setAttribute('aria-label', 'Markierte Textstelle');
  const markButton = Object.assign(document.createElement('button'), { type: 'button', className: 'button', textContent: 'Markieren' });
  const noteButton = Object.assign(document.createElement('button'), {
    type: 'button',
    className: 'button button--secondary',
    textContent: 'Notiz zur Stelle',
  });
  bar.append(markButton, noteButton);
  reader.querySelector('[data-reader-frame]')?.append(bar);
  let pending = null;
  let timer = null;
  document.addEventListener('selectionchange', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const passage = selectedPassage();
      if (passage) pending = passage;
      bar.hidden = !passage;
    }, 150);
  });

  const usePassage = (passage) => {
    field('quote').value = passage.quote;
    field('prefix').value = passage.prefix;
    field('suffix').value = passage.suffix;
    if (passage.page) field('page').value = String(passage.page);
    quoteBox.querySelector('[data-note-quote-text]').textContent = passage.quote;
    quoteBox.hidden = false;
  };
  const clearPassage = () => {
    for (const name of ['quote', 'prefix', 'suffix']) field(name).value = '';
    quoteBox.hidden = true;
  };
  form.querySelector('[data-note-action="clear"]').addEventListener('click', () => {
    clearPassage();
    form.querySelector('textarea').focus();
  });

  const save = async (fields) => {
    const id = crypto.randomUUID();
    fields.set('id', id);
    const audience = fields.get('sichtbarkeit') === 'privat' ? 'private' : 'faction';
    const note = {
      id,
      audience,
      quote: fields.get('stelle') || null,
      prefix: fields.get('davor'),
      suffix: fields.get('danach'),
      page: Number(fields.get('seite')) || null,
      text: fields.get('text') ?? '',
    };
    let response;
    try {
      response = await fetch(form.action, {
        method: 'POST',
        body: fields,
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
      });
    } catch {
      say('Keine Verbindung: Die Notiz wurde nicht gespeichert. Versuchen Sie es noch einmal, wenn Sie wieder online sind.');
      return false;
    }
    const answer = await response.json().catch(() => ({}));
    if (response.status !== 200 && response.status !== 202) {
      say(answer.message || 'Die Notiz konnte nicht gespeichert werden.');
      return false;
    }
    const queued = response.status === 202;
    const label = form.querySelector(`input[name="sichtbarkeit"]:checked + label`)?.textContent ?? '';
    const facts = `${label}${note.page ? ` · Seite ${note.page}` : ''}${queued ? ' · wird gespeichert, sobald Sie wieder online sind' : ''}`;
    const item = listItem(note, facts);
    list.append(item);
    addJump(item);
    panel.querySelector('[data-notes-empty]')?.remove();
    if (note.quote) redraw(noteOf(item));
    say(
      queued
        ? answer.message || 'Die Notiz wird gespeichert, sobald Sie wieder online sind.'
        : note.quote && !note.text
          ? 'Die Stelle ist markiert.'
          : 'Die Notiz ist gespeichert.',
    );
    return true;
  };

  markButton.addEventListener('click', async () => {
    if (!pending) return;
    const fields = new URLSearchParams(new FormData(form));
    fields.set('stelle', pending.quote);
    fields.set('davor', pending.prefix);
    fields.set('danach', pending.suffix);
    fields.set('seite', pending.page ? String(pending.page) : '');
    fields.set('text', '');
    if (await save(fields)) {
      window.getSelection()?.removeAllRanges();
      bar.hidden = true;
    }
  });
  noteButton.addEventListener('click', () => {
    if (!pending) return;
    usePassage(pending);
    bar.hidden = true;
    form.scrollIntoView({ block: 'start' });
    form.querySelector('textarea').focus();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (await save(new URLSearchParams(new FormData(form)))) {
      form.querySelector('textarea').value = '';
      field('page').value = '';
      clearPassage();
    }
  });
}

if (reader && panel) start();
