/** The portal's own pages for logging in and out: never a place to return to after a login. */
const LOGIN_PATH = '/anmelden';
const SESSION_PAGES = new Set([LOGIN_PATH, '/abmelden']);
/**
 * The longest return path kept whole. It travels percent-encoded in a login link and comes back
 * in a Location header, which clients refuse beyond 8 to 16 KB; a longer one keeps its page and
 * loses its query.
 */
const MAX_RETURN_PATH = 2000;

/** Whether a path (query aside) names the login or logout page, however it is spelled. */
function isSessionPage(path: string): boolean {
  // Dot segments, escapes, case and a trailing slash resolved, as a browser and the router would.
  const { pathname } = new URL(path, 'http://portal.invalid');
  let decoded = pathname;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    // A malformed escape names none of our pages.
  }
  return SESSION_PAGES.has(decoded.replace(/\/+$/, '').toLowerCase());
}

/**
 * Where to go after a login. Only paths on this site are followed, never another host, and
 * never the login or logout page itself (a login link on the login page would otherwise carry
 * itself in `ziel`, one level deeper each time it is followed). The path ends up in the
 * Location header, which carries ASCII only: other characters go percent-encoded, as a browser
 * would send them, and a path that cannot be encoded (a lone surrogate) falls back to the start.
 */
export function safeReturnPath(value: string | undefined): string {
  if (!value || !/^\/(?![/\\])[^\s]*$/.test(value)) return '/';
  try {
    let path = value.replace(/[^\x21-\x7e]+/g, (chars) => encodeURI(chars));
    if (path.length > MAX_RETURN_PATH) path = path.split('?')[0];
    if (path.length > MAX_RETURN_PATH) return '/';
    return isSessionPage(path) ? '/' : path;
  } catch {
    return '/';
  }
}

/** The login link of a page: it brings the visitor back to that page, unless there is nothing to come back to. */
export function loginHref(currentPath: string | undefined): string {
  const ziel = safeReturnPath(currentPath);
  return ziel === '/' ? LOGIN_PATH : `${LOGIN_PATH}?ziel=${encodeURIComponent(ziel)}`;
}
