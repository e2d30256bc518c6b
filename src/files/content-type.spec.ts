import { detectContentType, officeText } from 'src/files/content-type';
import { buildZip, docm, docx, odt, ods, xlsx } from '../../test/support/zip-fixture';

describe('detectContentType', () => {
  it.each([
    ['PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n'), 'application/pdf'],
    ['PDF after a scanner prefix', Buffer.concat([Buffer.alloc(100, 0x20), Buffer.from('%PDF-1.4')]), 'application/pdf'],
    ['PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'image/png'],
    ['JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image/jpeg'],
    ['DOCX', docx('Hallo'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['XLSX', xlsx('Hallo'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['ODT', odt('Hallo'), 'application/vnd.oasis.opendocument.text'],
  ])('recognises %s from its bytes', (_, bytes, mimeType) => {
    expect(detectContentType(bytes)?.mimeType).toBe(mimeType);
  });

  it.each([
    ['an executable', Buffer.from('MZ\x90\x00\x03\x00')],
    ['plain text', Buffer.from('Sehr geehrte Damen und Herren')],
    ['HTML', Buffer.from('<!doctype html><script>alert(1)</script>')],
    ['an old Word file', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])],
    ['a macro-enabled Word file', docm()],
    ['an OpenDocument spreadsheet', ods()],
    ['a plain ZIP', buildZip({ 'a.txt': 'x' })],
    ['a truncated ZIP', docx('Hallo').subarray(0, 40)],
  ])('refuses %s', (_, bytes) => {
    expect(detectContentType(bytes)).toBeNull();
  });
});

describe('officeText', () => {
  it('reads the text of DOCX, ODT and XLSX with entities and umlauts', () => {
    const text = 'Straße &amp; Brücke &#x2013; Größe';
    for (const bytes of [docx(text), odt(text), xlsx(text)]) {
      expect(officeText(bytes, detectContentType(bytes)!)).toBe('Straße & Brücke – Größe');
    }
  });
});
