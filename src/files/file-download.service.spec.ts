import { contentDisposition, parseRange } from 'src/files/file-download.service';

describe('parseRange', () => {
  it.each([
    ['bytes=0-99', { start: 0, end: 99 }],
    ['bytes=100-', { start: 100, end: 999 }],
    ['bytes=-10', { start: 990, end: 999 }],
    ['bytes=-5000', { start: 0, end: 999 }],
    ['bytes=900-5000', { start: 900, end: 999 }],
  ])('reads %s of a 1000-byte file', (header, range) => {
    expect(parseRange(header, 1000)).toEqual(range);
  });

  it.each(['bytes=1000-', 'bytes=5000-6000', 'bytes=-0'])('calls %s unsatisfiable', (header) => {
    expect(parseRange(header, 1000)).toBe('unsatisfiable');
  });

  it.each([undefined, '', 'bytes=0-1,5-6', 'items=0-1', 'bytes=abc', 'bytes=50-10', 'bytes=-'])(
    'ignores %p and sends everything',
    (header) => {
      expect(parseRange(header, 1000)).toBeNull();
    },
  );
});

describe('contentDisposition', () => {
  it('gives an ASCII name and the exact name per RFC 5987', () => {
    expect(contentDisposition('attachment', 'Übersicht Straße (neu).pdf')).toBe(
      `attachment; filename="Uebersicht Strasse (neu).pdf"; filename*=UTF-8''%C3%9Cbersicht%20Stra%C3%9Fe%20%28neu%29.pdf`,
    );
  });

  it('keeps quotes, backslashes and line breaks out of the header', () => {
    const header = contentDisposition('inline', 'a"b\\c\r\nd.pdf');
    expect(header).toMatch(/^inline; filename="a_b_c__d\.pdf"; filename\*=UTF-8''a%22b%5Cc%0D%0Ad\.pdf$/);
    expect(header).not.toMatch(/[\r\n]/);
  });
});
