import { parseMeetingForm, parseTime } from 'src/office/office-meetings.dto';

const committee = '0b6f6c9e-8f5a-4d3c-9a51-2f1e3c4b5a61';
const location = '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const options = { organizationIds: new Set([committee]), locationIds: new Set([location]) };
const form = { gremium: committee, name: '12. Sitzung des Stadtrates', datum: '15.03.2026', beginn: '18:00' };

describe('parseTime', () => {
  it.each([
    ['18:00', [18, 0]],
    ['9:05', [9, 5]],
    ['18.30', [18, 30]],
    ['18:00 Uhr', [18, 0]],
  ])('reads %s', (text, expected) => expect(parseTime(text)).toEqual(expected));

  it.each(['24:00', '18:60', '18', 'abends', '18:0'])('refuses %s', (text) => expect(parseTime(text)).toBeNull());
});

describe('parseMeetingForm', () => {
  it('turns Berlin wall-clock time into instants, in winter and in summer', () => {
    expect(parseMeetingForm({ ...form, ende: '20:30', ort: location }, options).input).toEqual({
      name: '12. Sitzung des Stadtrates',
      start: '2026-03-15T17:00:00.000Z',
      end: '2026-03-15T19:30:00.000Z',
      locationId: location,
      organizationIds: [committee],
    });
    expect(parseMeetingForm({ ...form, datum: '2026-07-01' }, options).input).toMatchObject({
      start: '2026-07-01T16:00:00.000Z',
      end: null,
    });
  });

  it('gives one German sentence per field and keeps what was typed', () => {
    const parsed = parseMeetingForm({ gremium: 'x', name: '', datum: '30.02.2026', beginn: 'abends', ende: '17:00', ort: 'y' }, options);
    expect(parsed.input).toBeUndefined();
    expect(Object.keys(parsed.errors).sort()).toEqual(['beginn', 'datum', 'gremium', 'name', 'ort']);
    expect(parsed.values.datum).toBe('30.02.2026');
  });

  it('refuses an end not after the start', () => {
    expect(parseMeetingForm({ ...form, ende: '18:00' }, options).errors.ende).toBe('Das Ende muss nach dem Beginn liegen.');
  });
});
