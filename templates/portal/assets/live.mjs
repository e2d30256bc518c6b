/*
 * The public live page of a meeting (templates/portal/live.njk): follows the page's event stream
 * (`data-live-events`), puts each new state in place of the old one and says in the polite live
 * region only what changed: the lines (`data-summary`) that differ from those shown before. The
 * page works without it; "Aktualisieren" reloads it.
 */
const region = document.getElementById('live-stand');
const announcer = document.getElementById('live-ansage');
const connection = document.getElementById('live-verbindung');

/** The lines the state says, by their key. */
function summaries(root) {
  return new Map([...root.querySelectorAll('[data-summary]')].map((element) => [element.dataset.key, element.dataset.summary]));
}

function finished(phase) {
  return phase === 'ended' || phase === 'cancelled';
}

if (region && announcer && 'EventSource' in window && !finished(region.querySelector('[data-phase]')?.dataset.phase)) {
  const source = new EventSource(region.dataset.liveEvents);
  source.addEventListener('open', () => {
    if (connection) connection.textContent = region.dataset.connected;
  });
  source.addEventListener('error', () => {
    if (connection && source.readyState !== EventSource.CLOSED) connection.textContent = region.dataset.reconnecting;
  });
  source.addEventListener('state', (event) => {
    const { html, phase } = JSON.parse(event.data);
    const next = document.createElement('template');
    next.innerHTML = html;
    const before = summaries(region);
    const changed = [...summaries(next.content)].filter(([key, text]) => before.get(key) !== text).map(([, text]) => text);
    // Keep the reader's place: the element with focus is put back if the new state has it too.
    const focusedId = region.contains(document.activeElement) ? document.activeElement.id : '';
    region.replaceChildren(next.content);
    if (focusedId) document.getElementById(focusedId)?.focus();
    if (changed.length > 0) announcer.textContent = changed.join('. ');
    if (finished(phase)) {
      source.close();
      if (connection) connection.textContent = '';
    }
  });
}
