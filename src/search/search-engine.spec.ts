import { toMeiliQuery } from 'src/search/meili-search.engine';
import { markSnippet } from 'src/search/search-engine';
import { parseQuery } from 'src/search/search-query';

describe('markSnippet', () => {
  it('escapes the text and turns only the engine markers into <mark>', () => {
    expect(markSnippet('<script>"a" & \u0001Radweg\u0002</script>')).toBe(
      '&lt;script&gt;&quot;a&quot; &amp; <mark>Radweg</mark>&lt;/script&gt;',
    );
  });
});

describe('toMeiliQuery', () => {
  it('keeps phrases and exclusions and widens OR to both words', () => {
    expect(toMeiliQuery(parseQuery('Radweg -Ausbau "neue Schule" OR Kita'))).toBe('Radweg -Ausbau "neue Schule" Kita');
  });
});
