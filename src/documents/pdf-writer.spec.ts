import { PdfWriter } from 'src/documents/pdf-writer';
import { readPdf } from 'src/files/pdf-text';

async function textOf(write: (w: PdfWriter) => void): Promise<string> {
  const w = new PdfWriter({ title: 'Prüfung', bodyName: 'Gemeinde Großölbach' });
  write(w);
  const pdf = await readPdf(await w.finish());
  return (pdf?.text ?? '').replace(/\s+/g, ' ');
}

describe('PdfWriter', () => {
  it('keeps every letter in the text layer of later documents, after composed letters came first', async () => {
    // "Ä", "Ö" and "Ü" are drawn from the glyphs of "A", "O" and "U"; the fonts are shared by all documents.
    expect(await textOf((w) => w.paragraph('Änderung Öffnung Übersicht'))).toContain('Änderung Öffnung Übersicht');
    const later = await textOf((w) => {
      w.heading1('Abstimmung');
      w.paragraph('VERTRAULICH-99 Ankauf Ortschaft Umlage', { size: 8 });
    });
    expect(later).toContain('Abstimmung');
    expect(later).toContain('VERTRAULICH-99 Ankauf Ortschaft Umlage');
  });
});
