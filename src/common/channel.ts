/**
 * The ways in which the installation is reached. The address alone decides, so the answer is the
 * same before routing (the router's own refusals, the public cache) and after it.
 */
export enum Channel {
  /** The JSON API of the council office and of programs: `/api/…`. */
  Api = 'api',
  /** OParl 1.1 for open-data consumers: `/oparl/…`. */
  Oparl = 'oparl',
  /** The operator's health check. */
  Health = 'health',
  /** The portal's style sheet and images: `/static/…`. */
  Asset = 'asset',
  /** A stored document of a body: `/{bodyKey}/dateien/…`. */
  FileDownload = 'file-download',
  /** Atom, RSS and iCalendar subscriptions: `/{bodyKey}/feed.atom`, `…/kalender.ics`, `/{bodyKey}/mein-kalender/…`. */
  Feed = 'feed',
  /** A page of the portal a person reads: everything else. */
  Page = 'page',
}

const FEED_FILE = /^(feed\.(atom|rss)|kalender\.ics)$/;

/** The channel of a request address (path with or without its query string). */
export function channelOf(url: string): Channel {
  const path = url.split('?')[0];
  if (/^\/api(\/|$)/.test(path)) return Channel.Api;
  if (/^\/oparl(\/|$)/.test(path)) return Channel.Oparl;
  if (path === '/health') return Channel.Health;
  const segments = path.split('/').slice(1);
  if (segments[0] === 'static') return Channel.Asset;
  if (segments[1] === 'dateien') return Channel.FileDownload;
  if (segments[1] === 'mein-kalender' || (segments.length > 1 && FEED_FILE.test(segments[segments.length - 1]))) return Channel.Feed;
  return Channel.Page;
}

/** Programs get the JSON error body (OParl its error object); a person gets the German error page. */
export function answersErrorsWithPage(channel: Channel): boolean {
  return channel !== Channel.Api && channel !== Channel.Oparl && channel !== Channel.Health;
}
