/*
 * The service worker of the members' area: "Für unterwegs speichern" (README, "Council members").
 * Written by hand, without a library, with Cache Storage and IndexedDB only.
 *
 * What it answers:
 * - versioned static files (`/static/name.<hash>.ext`, pdf.js's folders under `/static/pdfjs/<version>/`):
 *   from the cache first; their address changes with their content, and they are the same for everyone;
 * - pages and documents a member stored for a meeting (caches named `ris-offline-<account>-<meeting>`,
 *   filled by offline.mjs): from the network first, the stored copy when the network fails; a range
 *   request (pdf.js asks for parts of long documents) is cut from the stored full copy;
 * - everything else: the network only, so that nothing a member did not choose to store, and
 *   nothing non-public, ends up in a cache. A page that cannot be reached offline gets a short
 *   German page saying so;
 * - notes written offline (POST …/mein-bereich/notizen, …/notizen/<id>, …/notizen/<id>/loeschen): when
 *   the network fails, the request is queued in IndexedDB and answered with 202; the queue is sent
 *   again, in order and once each, when a page says it is online, on Background Sync and at start.
 *   Each queued note belongs to the account that wrote it and is sent only while that account is
 *   logged in here: an expired session keeps it for the next login, another member's session never
 *   sends it;
 * - the logout (POST /abmelden): once the server has answered, everything stored for offline use
 *   and every queued note leaves the device, as the answer's Clear-Site-Data asks, for browsers
 *   that ignore that header.
 */
const STATIC_CACHE = 'ris-static-v1';
const OFFLINE_PREFIX = 'ris-offline-';
const DB_NAME = 'ris-offline';
const QUEUE = 'notes';
const META = 'meta';

const VERSIONED_STATIC = /^\/static\/(pdfjs\/[^/]+\/[^/]+\/[^/]+|[^/]+\.[0-9a-f]{12}\.[a-z]+)$/;
const NOTE_WRITE = /^\/([^/]+)\/mein-bereich\/notizen(\/[0-9a-f-]{36}(\/loeschen)?)?$/i;
const LIST = /^\/[^/]+\/mein-bereich\/unterwegs\/[0-9a-f-]{36}$/i;
const FILE = /^\/[^/]+\/dateien\/[0-9a-f-]{36}$/i;
const QUEUED_MESSAGE = 'Die Notiz wird gespeichert, sobald Sie wieder online sind.';

// ---- IndexedDB: the queue of notes, and which account the stored meetings belong to ----

function openDb() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = () => {
      open.result.createObjectStore(QUEUE, { keyPath: 'key', autoIncrement: true });
      open.result.createObjectStore(META);
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

async function inStore(name, mode, work) {
  const db = await openDb();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(name, mode);
      const request = work(tx.objectStore(name));
      tx.oncomplete = () => resolve(request?.result);
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

const queueAll = () => inStore(QUEUE, 'readonly', (s) => s.getAll());
const queueAdd = (entry) => inStore(QUEUE, 'readwrite', (s) => s.add(entry));
const queueDelete = (key) => inStore(QUEUE, 'readwrite', (s) => s.delete(key));

let account = null;
async function currentAccount() {
  account ??= (await inStore(META, 'readonly', (s) => s.get('account')).catch(() => null)) ?? null;
  return account;
}
async function setAccount(value) {
  account = value;
  await inStore(META, 'readwrite', (s) => s.put(value, 'account'));
}

// ---- Life cycle ----

self.addEventListener('install', (event) => event.waitUntil(self.skipWaiting()));

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('ris-static-') && name !== STATIC_CACHE) await caches.delete(name);
      }
      await self.clients.claim();
      await replay();
    })(),
  );
});

self.addEventListener('message', (event) => {
  const data = event.data ?? {};
  if (data.type === 'account' && typeof data.account === 'string') event.waitUntil(setAccount(data.account));
  if (data.type === 'online') event.waitUntil(replay());
});

self.addEventListener('sync', (event) => {
  if (event.tag === 'notes') event.waitUntil(replay());
});

// ---- Answers ----

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST' && NOTE_WRITE.test(url.pathname)) {
    event.respondWith(writeNote(request));
    return;
  }
  if (request.method === 'POST' && url.pathname === '/abmelden') {
    event.respondWith(logout(request));
    return;
  }
  if (request.method !== 'GET') return;
  if (VERSIONED_STATIC.test(url.pathname)) event.respondWith(cacheFirst(request));
  else if (request.mode === 'navigate' || FILE.test(url.pathname)) event.respondWith(networkFirstIfStored(request));
});

async function cacheFirst(request) {
  const cache = await caches.open(STATIC_CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.status === 200) await cache.put(request, response.clone());
  return response;
}

/** The stored copy of this address in the account's offline caches, if there is one. */
async function storedCopy(url) {
  const who = await currentAccount();
  const prefix = who ? `${OFFLINE_PREFIX}${who}-` : OFFLINE_PREFIX;
  for (const name of await caches.keys()) {
    if (!name.startsWith(prefix)) continue;
    const hit = await (await caches.open(name)).match(url, { ignoreVary: true, ignoreSearch: false });
    if (hit) return { response: hit, cache: name };
  }
  return null;
}

async function networkFirstIfStored(request) {
  const stored = await storedCopy(request.url);
  try {
    const response = await fetch(request);
    // A stored page stays current: the member's own view, as the network gave it just now.
    if (stored && request.mode === 'navigate' && response.status === 200 && !response.redirected) {
      await (await caches.open(stored.cache)).put(request.url, response.clone());
    }
    return response;
  } catch (error) {
    if (stored) return partOf(stored.response, request.headers.get('range'));
    if (request.mode === 'navigate') return offlinePage();
    throw error;
  }
}

/** A `Range: bytes=a-b` request answered from the stored full response; the whole of it otherwise. */
async function partOf(response, range) {
  const match = range && /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!match || (match[1] === '' && match[2] === '')) return response;
  const bytes = await response.arrayBuffer();
  const size = bytes.byteLength;
  const start = match[1] === '' ? Math.max(0, size - Number(match[2])) : Number(match[1]);
  const end = match[1] === '' || match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  const headers = new Headers(response.headers);
  if (start > end || start >= size) {
    return new Response(null, { status: 416, headers: { 'content-range': `bytes */${size}` } });
  }
  headers.set('content-range', `bytes ${start}-${end}/${size}`);
  headers.set('content-length', String(end - start + 1));
  return new Response(bytes.slice(start, end + 1), { status: 206, statusText: 'Partial Content', headers });
}

function page(title, paragraphs, status = 200) {
  const html = `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5">
<main><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</main></body></html>`;
  return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}

/** Offline, for a page that was not stored: says so, and leads to the stored ones. */
async function offlinePage() {
  const links = [];
  const who = await currentAccount();
  for (const name of await caches.keys()) {
    if (!name.startsWith(who ? `${OFFLINE_PREFIX}${who}-` : OFFLINE_PREFIX)) continue;
    const cache = await caches.open(name);
    const key = (await cache.keys()).find((r) => LIST.test(new URL(r.url).pathname));
    const meeting = key ? await (await cache.match(key)).json().catch(() => null) : null;
    if (meeting?.meetingUrl) links.push(`<a href="${escapeHtml(meeting.meetingUrl)}">${escapeHtml(meeting.name)}</a>`);
    if (meeting?.workspaceUrl && !links.some((l) => l.includes(`"${meeting.workspaceUrl}"`))) {
      links.unshift(`<a href="${escapeHtml(meeting.workspaceUrl)}">Mein Bereich</a>`);
    }
  }
  return page('Sie sind offline', [
    'Sie sind offline. Diese Seite ist nicht für unterwegs gespeichert.',
    links.length
      ? `Für unterwegs gespeichert: ${links.join(', ')}.`
      : 'Zurück zu <a href="/mein-bereich">Mein Bereich</a>, sobald Sie wieder online sind.',
  ]);
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// ---- Logout ----

/** Passes the logout on, then removes what was stored for offline use and the queued notes. */
async function logout(request) {
  let response;
  try {
    response = await fetch(request);
  } catch {
    return page(
      'Sie sind offline',
      ['Zum Abmelden braucht das Gerät eine Verbindung. Versuchen Sie es erneut, sobald Sie wieder online sind.'],
      503,
    );
  }
  if (response.status < 400) {
    for (const name of await caches.keys()) if (name.startsWith(OFFLINE_PREFIX)) await caches.delete(name);
    account = null;
    await new Promise((resolve) => {
      const deletion = indexedDB.deleteDatabase(DB_NAME);
      deletion.onsuccess = deletion.onerror = deletion.onblocked = () => resolve(undefined);
    });
  }
  return response;
}

// ---- Notes written offline ----

async function writeNote(request) {
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch {
    const accept = copy.headers.get('accept') ?? '';
    const body = await copy.text();
    await queueAdd({
      url: copy.url,
      body,
      contentType: copy.headers.get('content-type') ?? 'application/x-www-form-urlencoded',
      accept,
      queuedAt: Date.now(),
      account: await currentAccount(),
    });
    await self.registration.sync?.register('notes').catch(() => undefined);
    if (accept.includes('application/json')) {
      return new Response(JSON.stringify({ queued: true, message: QUEUED_MESSAGE }), {
        status: 202,
        headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
      });
    }
    const back = new URLSearchParams(body).get('zurueck');
    const target = back && /^\/[^/\\]/.test(back) ? back : `/${NOTE_WRITE.exec(new URL(copy.url).pathname)[1]}/mein-bereich`;
    return page('Sie sind offline', [QUEUED_MESSAGE, `<a href="${escapeHtml(target)}">Zurück zur Seite</a>`], 202);
  }
}

let replaying = null;
/** Sends the queued notes, one after the other; a second call while it runs waits for the same round. */
function replay() {
  replaying ??= drain().finally(() => {
    replaying = null;
  });
  return replaying;
}

async function drain() {
  const me = await currentAccount();
  for (const entry of await queueAll().catch(() => [])) {
    // Another member's note waits for their own login.
    if (entry.account !== me) continue;
    let result;
    try {
      result = await send(entry);
    } catch {
      return; // Still offline: the rest waits, in order.
    }
    // Without a session (logged out elsewhere, expired) the note waits for the next login.
    if (result.status === 401) return;
    await queueDelete(entry.key);
    for (const client of await self.clients.matchAll()) client.postMessage({ type: 'note-sent', status: result.status });
  }
}

function post(url, body, contentType) {
  return fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': contentType, accept: 'application/json' },
    credentials: 'same-origin',
    redirect: 'manual',
  });
}

async function send(entry) {
  let body = entry.body;
  let response = await post(entry.url, body, entry.contentType);
  if (response.status === 403) {
    // The form's token has expired: a fresh one from the notes page, and one more try.
    const token = await freshToken(entry.url);
    if (token) {
      const form = new URLSearchParams(body);
      form.set('_csrf', token);
      body = form.toString();
      response = await post(entry.url, body, entry.contentType);
    }
  }
  if (response.status === 409) response = await keepBoth(entry, body);
  // A redirect to the login page (opaque here) means the session is gone.
  if (response.type === 'opaqueredirect') return { status: 401 };
  return { status: response.status };
}

async function freshToken(url) {
  const notes = new URL(url);
  notes.pathname = `/${NOTE_WRITE.exec(notes.pathname)[1]}/mein-bereich/notizen`;
  const response = await fetch(notes, { credentials: 'same-origin' });
  if (!response.ok) return null;
  return /name="_csrf" value="([^"]+)"/.exec(await response.text())?.[1] ?? null;
}

/**
 * The note was changed on another device meanwhile: both stay. The offline text becomes a new note
 * on the same target for the same audience, marked with when it was written; the member deletes
 * the one they do not want. An offline deletion of a changed note is dropped.
 */
async function keepBoth(entry, body) {
  const path = new URL(entry.url).pathname;
  const [, bodyKey, rest] = NOTE_WRITE.exec(path);
  if (!rest || rest.endsWith('/loeschen')) return new Response(null, { status: 409 });
  const noteId = rest.slice(1);
  const current = await fetch(`/api/v1/bodies/${bodyKey}/annotations/${noteId}`, { credentials: 'same-origin' });
  if (!current.ok) return new Response(null, { status: 409 });
  const note = await current.json();
  const offline = new URLSearchParams(body);
  const target = note.fileId
    ? ['datei', note.fileId]
    : note.paperId
      ? ['vorlage', note.paperId]
      : note.agendaItemId
        ? ['top', note.agendaItemId]
        : ['sitzung', note.meetingId];
  const written = new Date(entry.queuedAt).toLocaleString('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' });
  const form = new URLSearchParams({
    _csrf: offline.get('_csrf') ?? '',
    id: crypto.randomUUID(),
    'ziel-art': target[0],
    ziel: target[1],
    sichtbarkeit: offline.get('sichtbarkeit') ?? (note.audience === 'faction' ? (note.factionId ?? 'fraktion') : 'privat'),
    text: `Offline geschrieben, Fassung vom ${written}: ${offline.get('text') ?? ''}`,
  });
  if (note.page) form.set('seite', String(note.page));
  if (note.quote) form.set('stelle', note.quote);
  if (note.prefix) form.set('davor', note.prefix);
  if (note.suffix) form.set('danach', note.suffix);
  return post(`/${bodyKey}/mein-bereich/notizen`, form.toString(), 'application/x-www-form-urlencoded');
}
