import { cacheScopeOf } from 'src/public-cache/public-cache.hooks';

describe('cacheScopeOf', () => {
  it('scopes body pages, feeds, calendars and OParl documents to their body', () => {
    expect(cacheScopeOf('/lindenbach')).toEqual({ bodyKey: 'lindenbach' });
    expect(cacheScopeOf('/lindenbach/sitzungen?seite=2')).toEqual({ bodyKey: 'lindenbach' });
    expect(cacheScopeOf('/lindenbach/kalender.ics')).toEqual({ bodyKey: 'lindenbach' });
    expect(cacheScopeOf('/oparl/v1.1/bodies/lindenbach/papers?limit=20')).toEqual({ bodyKey: 'lindenbach' });
  });

  it('scopes the installation’s own pages to every body', () => {
    expect(cacheScopeOf('/')).toBe('installation');
    expect(cacheScopeOf('/oparl/v1.1')).toBe('installation');
    expect(cacheScopeOf('/oparl/v1.1/bodies?limit=5')).toBe('installation');
  });

  it('leaves out the API, search, downloads, exports, forms, personal feeds, the council office and malformed addresses', () => {
    for (const url of [
      '/api/v1/bodies/lindenbach/papers',
      '/health',
      '/static/portal.css',
      '/anmelden',
      '/lindenbach/suche?q=Haushalt',
      '/lindenbach/dateien/0b0c0d0e-0000-4000-8000-000000000000',
      '/lindenbach/benachrichtigungen',
      '/lindenbach/mein-kalender/abc.ics',
      '/lindenbach/verwaltung',
      '/lindenbach/verwaltung/',
      '/lindenbach/export',
      '/lindenbach/export?daten=vorlagen&format=xlsx&von=2020-01-01&bis=2026-12-31',
      '/lindenbach/sitzungen/0b0c0d0e-0000-4000-8000-000000000000/live',
      '/lindenbach/sitzungen/0b0c0d0e-0000-4000-8000-000000000000/live/',
      '/lindenbach/sitzungen/0b0c0d0e-0000-4000-8000-000000000000/live/ereignisse',
      '/lindenbach/%76erwaltung',
      '/lindenbach/%E0%A4%A',
    ]) {
      expect(cacheScopeOf(url)).toBeNull();
    }
  });
});
