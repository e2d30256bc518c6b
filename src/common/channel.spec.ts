import { answersErrorsWithPage, Channel, channelOf } from 'src/common/channel';

describe('channelOf', () => {
  it.each([
    ['/api/v1/bodies/lindenbach/meetings', Channel.Api],
    ['/api', Channel.Api],
    ['/api?x=1', Channel.Api],
    ['/apiary', Channel.Page],
    ['/oparl/v1.1/bodies/lindenbach', Channel.Oparl],
    ['/oparl', Channel.Oparl],
    ['/health', Channel.Health],
    ['/health?probe=1', Channel.Health],
    ['/static/portal.css', Channel.Asset],
    ['/lindenbach/dateien/0b7c6a8e-2f44-4d2b-9b1e-1f0f8b8f0a11/download', Channel.FileDownload],
    ['/lindenbach/feed.atom', Channel.Feed],
    ['/lindenbach/gremien/0b7c6a8e-2f44-4d2b-9b1e-1f0f8b8f0a11/kalender.ics', Channel.Feed],
    ['/lindenbach/mein-kalender/abc.ics', Channel.Feed],
    ['/', Channel.Page],
    ['/lindenbach/', Channel.Page],
    ['/lindenbach/sitzungen?seite=2', Channel.Page],
    ['/anmelden', Channel.Page],
    ['/lindenbach/verwaltung', Channel.Page],
    ['/lindenbach/verwaltung?x=1', Channel.Page],
  ])('%s is %s', (url, channel) => {
    expect(channelOf(url)).toBe(channel);
  });

  it('answers errors with the German page everywhere but on the machine channels', () => {
    const pages = Object.values(Channel).filter(answersErrorsWithPage);
    expect(pages.sort()).toEqual([Channel.Asset, Channel.Feed, Channel.FileDownload, Channel.Page].sort());
  });
});
