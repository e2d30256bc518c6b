/**
 * Addresses of the public calendars and feeds, for pages that link to them. Calendar apps
 * subscribe to `webcal:` links; feeds readers take the https address.
 */
export interface SubscriptionLinks {
  calendar: string;
  webcal: string;
  atom: string | null;
  rss: string | null;
}

/** `webcal:` makes browsers hand a calendar address to the calendar app instead of downloading it. */
export const toWebcal = (url: string) => url.replace(/^https?:/, 'webcal:');

export function subscriptionLinks(
  publicUrl: string,
  bodyKey: string,
  of: { organizationId?: string; personId?: string } = {},
): SubscriptionLinks {
  const base = `${publicUrl}/${bodyKey}`;
  if (of.personId) {
    const calendar = `${base}/personen/${of.personId}/kalender.ics`;
    return { calendar, webcal: toWebcal(calendar), atom: null, rss: null };
  }
  const scope = of.organizationId ? `${base}/gremien/${of.organizationId}` : base;
  const calendar = `${scope}/kalender.ics`;
  return { calendar, webcal: toWebcal(calendar), atom: `${scope}/feed.atom`, rss: `${scope}/feed.rss` };
}
