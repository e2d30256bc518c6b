import { subscriptionLinks } from 'src/calendar/calendar-links';

describe('subscription links', () => {
  it('names the calendar and feeds of a body, an organization and a person', () => {
    expect(subscriptionLinks('https://ris.example', 'lindenbach')).toEqual({
      calendar: 'https://ris.example/lindenbach/kalender.ics',
      webcal: 'webcal://ris.example/lindenbach/kalender.ics',
      atom: 'https://ris.example/lindenbach/feed.atom',
      rss: 'https://ris.example/lindenbach/feed.rss',
    });
    expect(subscriptionLinks('http://localhost:3000', 'x', { organizationId: 'o1' }).webcal).toBe(
      'webcal://localhost:3000/x/gremien/o1/kalender.ics',
    );
    expect(subscriptionLinks('https://ris.example', 'x', { personId: 'p1' })).toMatchObject({
      calendar: 'https://ris.example/x/personen/p1/kalender.ics',
      atom: null,
    });
  });
});
