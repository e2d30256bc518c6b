/*
 * Offline use of the members' area, on every page of a logged-in council member
 * (templates/layouts/base.njk): registers the service worker (/sw.js), removes what other accounts
 * stored on this device, asks the worker to send notes written offline when the network is back,
 * and on Mein Bereich (templates/workspace/overview.njk) offers "Für unterwegs speichern".
 *
 * A stored meeting is one cache, `ris-offline-<account>-<meeting id>`: the list of
 * GET …/mein-bereich/unterwegs/<meeting id> (put last, so its presence means "complete"; it carries
 * the stored bytes in a header), then each page and document of that list, fetched with the
 * member's own session. The static files they need go to the worker's shared cache.
 */
const OFFLINE_PREFIX = 'ris-offline-';
const STATIC_CACHE = 'ris-static-v1';
const BYTES_HEADER = 'x-offline-bytes';

const account = document.querySelector('meta[name="offline-account"]')?.content ?? '';
const supported = Boolean(account) && 'serviceWorker' in navigator && 'caches' in window && window.isSecureContext;

function tellWorker(message) {
  navigator.serviceWorker.ready.then((registration) => registration.active?.postMessage(message)).catch(() => undefined);
}

async function forgetOtherAccounts() {
  for (const name of await caches.keys()) {
    if (name.startsWith(OFFLINE_PREFIX) && !name.startsWith(`${OFFLINE_PREFIX}${account}-`)) await caches.delete(name);
  }
}

if (supported) {
  navigator.serviceWorker.register('/sw.js', { scope: '/', type: 'classic' }).catch(() => undefined);
  tellWorker({ type: 'account', account });
  if (navigator.onLine) tellWorker({ type: 'online' });
  window.addEventListener('online', () => tellWorker({ type: 'online' }));
  forgetOtherAccounts()
    .then(() => {
      const root = document.querySelector('[data-offline]');
      if (root) return workspace(root);
      return undefined;
    })
    .catch(() => undefined);
}

const cacheName = (meetingId) => `${OFFLINE_PREFIX}${account}-${meetingId}`;

/** "0,4 MB", "12 MB", "2,5 GB": a size as people read it. */
function megabytes(bytes) {
  if (bytes >= 1_000_000_000) return `${(bytes / 1_000_000_000).toLocaleString('de-DE', { maximumFractionDigits: 1 })} GB`;
  const mb = Math.max(bytes / 1_000_000, 0.1);
  return `${mb.toLocaleString('de-DE', { maximumFractionDigits: 1 })} MB`;
}

/** The stored meetings of this account: id → { name, bytes, listUrl }. */
async function storedMeetings() {
  const found = new Map();
  for (const name of await caches.keys()) {
    if (!name.startsWith(`${OFFLINE_PREFIX}${account}-`)) continue;
    const meetingId = name.slice(`${OFFLINE_PREFIX}${account}-`.length);
    const cache = await caches.open(name);
    const listKey = (await cache.keys()).find((r) => new URL(r.url).pathname.endsWith(`/mein-bereich/unterwegs/${meetingId}`));
    const list = listKey ? await cache.match(listKey) : undefined;
    // Without its list the meeting's storing was cut short: it is not usable, so it goes.
    if (!list) {
      await caches.delete(name);
      continue;
    }
    const data = await list.clone().json();
    found.set(meetingId, { name: data.name, bytes: Number(list.headers.get(BYTES_HEADER) ?? 0), listUrl: listKey.url });
  }
  return found;
}

/** The static files a stored page refers to (scripts, style sheets, pdf.js), read from its HTML. */
function staticUrlsOf(html) {
  const urls = new Set();
  for (const [, url] of html.matchAll(/["'](\/static\/[^"'\s<>]+[^/"'\s<>])["']/g)) urls.add(url);
  return urls;
}

/** Stores one meeting; calls progress(done, total). Throws when anything could not be stored. */
async function storeMeeting(bodyKey, meetingId, progress) {
  const listUrl = `/${bodyKey}/mein-bereich/unterwegs/${meetingId}`;
  const listResponse = await fetch(listUrl, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!listResponse.ok) throw Object.assign(new Error('list'), { status: listResponse.status });
  const list = await listResponse.json();
  const urls = [...list.pages, ...list.documents.flatMap((d) => [d.readerUrl, d.fileUrl])];
  const name = cacheName(meetingId);
  await caches.delete(name);
  const cache = await caches.open(name);
  const statics = new Set(list.assets);
  let bytes = 0;
  try {
    for (const [index, url] of urls.entries()) {
      progress(index, urls.length);
      // The copy is the member's own view; the header keeps it from counting as "opened".
      const response = await fetch(url, { credentials: 'same-origin', headers: { 'x-offline-copy': '1' } });
      if (response.status !== 200 || response.redirected) throw new Error(url);
      const body = await response.clone().arrayBuffer();
      bytes += body.byteLength;
      if ((response.headers.get('content-type') ?? '').startsWith('text/html')) {
        for (const u of staticUrlsOf(new TextDecoder().decode(body))) statics.add(u);
      }
      await cache.put(url, response);
    }
    const shared = await caches.open(STATIC_CACHE);
    for (const url of statics) {
      if (await shared.match(url)) continue;
      const response = await fetch(url);
      if (response.ok) await shared.put(url, response);
    }
    const headers = { 'content-type': 'application/json; charset=utf-8', [BYTES_HEADER]: String(bytes) };
    await cache.put(listUrl, new Response(JSON.stringify(list), { headers }));
    progress(urls.length, urls.length);
    return { name: list.name, bytes };
  } catch (error) {
    await caches.delete(name);
    throw error;
  }
}

/** The size of a stored answer, 0 when there is none. */
async function storedSize(cache, url) {
  const response = await cache.match(url);
  return response ? (await response.arrayBuffer()).byteLength : 0;
}

/**
 * Brings a stored meeting up to date with its list as the server gives it now: the pages (agenda,
 * "neu", notes) again, documents that came or were replaced, and the ones no longer listed
 * removed. Returns how many documents changed; the old copy stays as it is when anything fails.
 */
async function refreshMeeting(meetingId, fresh) {
  const cache = await caches.open(cacheName(meetingId));
  const listKey = (await cache.keys()).find((r) => new URL(r.url).pathname.endsWith(`/mein-bereich/unterwegs/${meetingId}`));
  const listed = listKey ? await cache.match(listKey) : undefined;
  if (!listed) return 0;
  const before = await listed.clone().json();
  let bytes = Number(listed.headers.get(BYTES_HEADER) ?? 0);
  const files = (list) => list.documents.map((d) => d.fileUrl);
  const pages = (list) => [...list.pages, ...list.documents.map((d) => d.readerUrl)];
  const had = new Set(files(before));
  const added = files(fresh).filter((url) => !had.has(url));
  const gone = files(before).filter((url) => !files(fresh).includes(url));
  const statics = new Set(fresh.assets);
  for (const url of [...pages(fresh), ...added]) {
    const response = await fetch(url, { credentials: 'same-origin', headers: { 'x-offline-copy': '1' } }).catch(() => null);
    if (!response || response.status !== 200 || response.redirected) return 0;
    const body = await response.clone().arrayBuffer();
    if ((response.headers.get('content-type') ?? '').startsWith('text/html')) {
      for (const u of staticUrlsOf(new TextDecoder().decode(body))) statics.add(u);
    }
    bytes += body.byteLength - (await storedSize(cache, url));
    await cache.put(url, response);
  }
  for (const url of [...gone, ...pages(before).filter((url) => !pages(fresh).includes(url))]) {
    bytes -= await storedSize(cache, url);
    await cache.delete(url);
  }
  const shared = await caches.open(STATIC_CACHE);
  for (const url of statics) {
    if (await shared.match(url)) continue;
    const response = await fetch(url).catch(() => null);
    if (response?.ok) await shared.put(url, response);
  }
  const headers = { 'content-type': 'application/json; charset=utf-8', [BYTES_HEADER]: String(Math.max(bytes, 0)) };
  await cache.put(listKey, new Response(JSON.stringify(fresh), { headers }));
  return added.length + gone.length;
}

/** Mein Bereich: the buttons per meeting, "Alle nächsten Sitzungen speichern", the space taken. */
async function workspace(root) {
  const bodyKey = root.dataset.bodyKey;
  const status = root.querySelector('[data-offline-status]');
  const space = root.querySelector('[data-offline-space]');
  const allButton = root.querySelector('[data-offline-all]');
  const others = document.querySelector('[data-offline-others]');
  const rows = [...document.querySelectorAll('[data-offline-meeting]')];
  let busy = false;

  root.querySelector('[data-offline-unavailable]').hidden = true;
  root.querySelector('[data-offline-controls]').hidden = rows.length === 0;

  const say = (text) => {
    status.textContent = text;
  };

  function button(text, hidden, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'button button--secondary';
    b.append(text);
    const rest = document.createElement('span');
    rest.className = 'visually-hidden';
    rest.textContent = hidden;
    b.append(rest);
    b.addEventListener('click', onClick);
    return b;
  }

  async function render() {
    const stored = await storedMeetings();
    let total = 0;
    for (const { bytes } of stored.values()) total += bytes;
    for (const row of rows) {
      const id = row.dataset.offlineMeeting;
      const meetingName = row.dataset.meetingName;
      const entry = stored.get(id);
      row.replaceChildren();
      if (entry) {
        row.append(`Gespeichert, ${megabytes(entry.bytes)} – `);
        row.append(button('Entfernen', ` (für unterwegs gespeichert: ${meetingName})`, () => remove(id, meetingName)));
      } else {
        row.append(button('Für unterwegs speichern', `: ${meetingName}`, () => store([{ id, name: meetingName }])));
      }
      row.hidden = false;
    }
    const listed = new Set(rows.map((r) => r.dataset.offlineMeeting));
    const list = others.querySelector('ul');
    list.replaceChildren();
    for (const [id, entry] of stored) {
      if (listed.has(id)) continue;
      const item = document.createElement('li');
      item.className = 'task';
      const text = document.createElement('div');
      text.className = 'task__name';
      text.textContent = `${entry.name}, ${megabytes(entry.bytes)}`;
      item.append(
        text,
        button('Entfernen', ` (für unterwegs gespeichert: ${entry.name})`, () => remove(id, entry.name)),
      );
      list.append(item);
    }
    others.hidden = list.children.length === 0;
    let text = stored.size
      ? `Für unterwegs gespeichert: ${stored.size === 1 ? '1 Sitzung' : `${stored.size} Sitzungen`}, zusammen ${megabytes(total)}.`
      : 'Noch keine Sitzung für unterwegs gespeichert.';
    const estimate = await navigator.storage?.estimate?.().catch(() => null);
    if (estimate?.usage !== undefined && estimate.quota) {
      text += ` Dieser Browser belegt für die Seite ${megabytes(estimate.usage)} von ${megabytes(estimate.quota)}.`;
    }
    space.textContent = text;
    space.hidden = false;
    return stored;
  }

  async function store(meetings) {
    if (busy) return;
    busy = true;
    let outcome;
    try {
      for (const [n, meeting] of meetings.entries()) {
        const of = meetings.length > 1 ? ` (Sitzung ${n + 1} von ${meetings.length})` : '';
        say(`${meeting.name} wird für unterwegs gespeichert${of} …`);
        const done = await storeMeeting(bodyKey, meeting.id, (i, total) => {
          if (i < total) say(`${meeting.name} wird für unterwegs gespeichert${of}: Teil ${i + 1} von ${total}`);
        });
        outcome = `${meeting.name} ist für unterwegs gespeichert (${megabytes(done.bytes)}).`;
      }
      if (meetings.length > 1) outcome = `Alle ${meetings.length} Sitzungen sind für unterwegs gespeichert.`;
      else if (meetings.length === 0) outcome = 'Alle nächsten Sitzungen sind schon für unterwegs gespeichert.';
    } catch (error) {
      outcome =
        error?.name === 'QuotaExceededError'
          ? 'Der Speicher dieses Geräts reicht nicht aus. Entfernen Sie andere gespeicherte Sitzungen und versuchen Sie es noch einmal.'
          : 'Die Sitzung konnte nicht für unterwegs gespeichert werden. Bitte versuchen Sie es noch einmal, wenn Sie online sind.';
    } finally {
      busy = false;
      // The buttons change first, then the status region says what happened.
      await render();
      say(outcome);
    }
  }

  async function remove(id, meetingName) {
    await caches.delete(cacheName(id));
    await render();
    say(`${meetingName} ist nicht mehr für unterwegs gespeichert.`);
  }

  allButton.addEventListener('click', async () => {
    const stored = await storedMeetings();
    await store(
      rows.filter((r) => !stored.has(r.dataset.offlineMeeting)).map((r) => ({ id: r.dataset.offlineMeeting, name: r.dataset.meetingName })),
    );
  });

  const stored = await render();
  // Online, each stored meeting is asked for again: what the member may no longer see (membership
  // ended, meeting withdrawn or deleted) is removed from the device; the rest is brought up to date.
  if (!navigator.onLine) return;
  let removed = 0;
  let updated = 0;
  for (const [id, entry] of stored) {
    const response = await fetch(entry.listUrl, { credentials: 'same-origin', headers: { accept: 'application/json' } }).catch(() => null);
    if (response && (response.status === 404 || response.status === 403)) {
      await caches.delete(cacheName(id));
      removed += 1;
    } else if (response?.ok && !busy) {
      const fresh = await response.json().catch(() => null);
      if (fresh && (await refreshMeeting(id, fresh).catch(() => 0)) > 0) updated += 1;
    }
  }
  const said = [];
  if (removed > 0) {
    said.push(
      removed === 1
        ? 'Eine gespeicherte Sitzung wurde vom Gerät entfernt, weil Sie sie nicht mehr sehen können.'
        : `${removed} gespeicherte Sitzungen wurden vom Gerät entfernt, weil Sie sie nicht mehr sehen können.`,
    );
  }
  if (updated > 0) {
    said.push(
      updated === 1
        ? 'Eine gespeicherte Sitzung hat neue Unterlagen; sie sind jetzt auch für unterwegs gespeichert.'
        : `${updated} gespeicherte Sitzungen haben neue Unterlagen; sie sind jetzt auch für unterwegs gespeichert.`,
    );
  }
  if (said.length > 0) {
    await render();
    say(said.join(' '));
  }
}
