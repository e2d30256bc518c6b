import { loginHref, safeReturnPath } from 'src/common/return-path';

describe('return paths after a login', () => {
  it('keeps paths on this site, percent-encoded where needed', () => {
    expect(safeReturnPath('/lindenbach/vorlagen?typ=Antrag')).toBe('/lindenbach/vorlagen?typ=Antrag');
    expect(safeReturnPath('/ä?x=ö')).toBe('/%C3%A4?x=%C3%B6');
  });

  it('keeps a login link short enough for a Location header: a long query goes, the page stays', () => {
    const query = Array.from({ length: 400 }, (_, i) => `f${i}=${i}`).join('&');
    expect(safeReturnPath(`/lindenbach/verwaltung/vorlagen?${query}`)).toBe('/lindenbach/verwaltung/vorlagen');
    expect(loginHref(`/lindenbach/verwaltung/vorlagen?${query}`)).toBe('/anmelden?ziel=%2Flindenbach%2Fverwaltung%2Fvorlagen');
    expect(safeReturnPath(`/lindenbach/sitzungen?jahr=2026`)).toBe('/lindenbach/sitzungen?jahr=2026');
    expect(safeReturnPath(`/${'a'.repeat(2500)}`)).toBe('/');
  });

  it('sends everything else to the start page', () => {
    for (const value of [undefined, '', 'https://evil.example/', '//evil.example/', '/\\evil.example', '/a b', 'lindenbach']) {
      expect(safeReturnPath(value)).toBe('/');
    }
  });

  it('never returns to the login or logout page, however it is spelled', () => {
    for (const value of [
      '/anmelden',
      '/anmelden?ziel=/lindenbach/',
      '/anmelden?ziel=%2Fanmelden%3Fziel%3D%252Flindenbach%252F',
      '/anmelden/',
      '/Anmelden',
      '/%61nmelden',
      '/lindenbach/../anmelden',
      '/anmelden#formular',
      '/abmelden',
    ]) {
      expect({ value, path: safeReturnPath(value) }).toEqual({ value, path: '/' });
    }
    expect(safeReturnPath('/anmeldenx')).toBe('/anmeldenx');
    expect(safeReturnPath('/lindenbach/anmelden')).toBe('/lindenbach/anmelden');
  });

  it('builds login links that come back to the page and never nest', () => {
    expect(loginHref('/lindenbach/vorlagen?jahr=2026&typ=Antrag')).toBe(
      '/anmelden?ziel=%2Flindenbach%2Fvorlagen%3Fjahr%3D2026%26typ%3DAntrag',
    );
    expect(loginHref('/')).toBe('/anmelden');
    expect(loginHref(undefined)).toBe('/anmelden');
    let href = loginHref('/lindenbach/');
    for (let i = 0; i < 5; i++) href = loginHref(href);
    expect(href).toBe('/anmelden');
  });
});
