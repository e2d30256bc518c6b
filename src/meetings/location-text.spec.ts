import { locationText } from 'src/meetings/location-text';

describe('locationText', () => {
  const empty = { description: null, room: null, streetAddress: null, subLocality: null, postalCode: null, locality: null };

  it('names a room once when the description names it too', () => {
    expect(
      locationText({ ...empty, description: 'Rathaus Lindenbach, Sitzungssaal', room: 'Sitzungssaal', streetAddress: 'Markt 1' }),
    ).toBe('Rathaus Lindenbach, Sitzungssaal, Markt 1');
  });

  it('keeps every part that adds something, in order, with the town last', () => {
    expect(
      locationText({
        description: 'Rathaus',
        room: 'Ratssaal (Raum 101)',
        streetAddress: 'Markt 1',
        subLocality: 'Altstadt',
        postalCode: '01067',
        locality: 'Dresden',
      }),
    ).toBe('Rathaus, Ratssaal (Raum 101), Markt 1, Altstadt, 01067 Dresden');
  });

  it('ignores case and blanks when comparing, and answers null for a place without any text', () => {
    expect(locationText({ ...empty, description: 'Bürgerhaus,  großer Saal ', room: 'Großer Saal' })).toBe('Bürgerhaus, großer Saal');
    expect(locationText({ ...empty, description: ' ', room: '' })).toBeNull();
    expect(locationText(null)).toBeNull();
  });
});
