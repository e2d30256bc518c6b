/*
 * On pages of visitors who are not logged in as a council member (templates/layouts/base.njk):
 * removes the documents a member stored on this device for offline use (offline.mjs, sw.js),
 * should the logout's Clear-Site-Data header not have done it, or the session have run out.
 * Notes written offline and not sent yet stay: they belong to their author's account and are
 * sent at that account's next login here, never under another one (sw.js); the logout itself
 * removes them. Touches nothing else: the worker's cache of static files holds only what every
 * visitor gets.
 */
if ('caches' in window) {
  caches
    .keys()
    .then((names) => Promise.all(names.filter((name) => name.startsWith('ris-offline-')).map((name) => caches.delete(name))))
    .catch(() => undefined);
}
