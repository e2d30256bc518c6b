/*
 * On pages of visitors who are not logged in as a council member (templates/layouts/base.njk):
 * removes what a member stored on this device for offline use (offline.mjs, sw.js), should the
 * logout's Clear-Site-Data header not have done it. Touches nothing else: the worker's cache of
 * static files holds only what every visitor gets.
 */
if ('caches' in window) {
  caches
    .keys()
    .then((names) => Promise.all(names.filter((name) => name.startsWith('ris-offline-')).map((name) => caches.delete(name))))
    .catch(() => undefined);
}
if ('indexedDB' in window) indexedDB.deleteDatabase('ris-offline');
