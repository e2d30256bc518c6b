import { ags, collect, geojson, text } from 'src/oparl-import/oparl-normalize';

describe('OParl import normalization', () => {
  const repairs: string[] = [];
  const log = (kind: string) => repairs.push(kind);

  it('treats empty strings and placeholders as missing', () => {
    expect(text('')).toBeNull();
    expect(text(' N/A ')).toBeNull();
    expect(text(' Stadtrat ')).toBe('Stadtrat');
  });

  it('pads a 7-digit AGS and refuses anything else that is not 8 digits', () => {
    expect(ags('6412000', log)).toBe('06412000');
    expect(ags(6412000, log)).toBe('06412000');
    expect(ags('14628000', log)).toBe('14628000');
    expect(ags('AGS', log)).toBeNull();
  });

  it('turns [lat, lon] points and bare geometries into Features with [lon, lat]', () => {
    expect(geojson({ type: 'Point', coordinates: [51.05, 13.74] }, log, 'x')).toEqual({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [13.74, 51.05] },
      properties: {},
    });
    const right = { type: 'Feature', geometry: { type: 'Point', coordinates: [8.4, 49.0] }, properties: { a: 1 } };
    expect(geojson(right, log, 'x')).toEqual(right);
    expect(geojson('nonsense', log, 'x')).toBeNull();
  });

  it('collects embedded objects with their parents and keeps the newest version', () => {
    const base = 'https://ris.example.org';
    const collected = collect(
      [
        {
          id: `${base}/p/1`,
          type: 'https://schema.oparl.org/1.1/Paper',
          modified: '2025-01-01T00:00:00+01:00',
          mainFile: { id: `${base}/f/1`, type: 'https://schema.oparl.org/1.1/File', accessUrl: `${base}/f/1.pdf` },
          consultation: [{ id: `${base}/c/1`, type: 'https://schema.oparl.org/1.1/Consultation' }],
        },
        { id: `${base}/p/1`, type: 'https://schema.oparl.org/1.1/Paper', name: 'alt', modified: '2024-01-01T00:00:00+01:00' },
        { id: `${base}/p/2`, deleted: true },
      ],
      log,
    );
    expect(collected.objects.get('Paper')?.get(`${base}/p/1`)?.name).toBeUndefined();
    expect(collected.objects.get('Consultation')?.get(`${base}/c/1`)?.paper).toBe(`${base}/p/1`);
    expect(collected.attachments).toEqual([
      { parentType: 'Paper', parentId: `${base}/p/1`, fileId: `${base}/f/1`, role: 'main', position: 0 },
    ]);
    expect(repairs).toContain('tombstone-without-type');
  });
});
