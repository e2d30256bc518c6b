import { accessibleAccent, contrastRatio, DEFAULT_ACCENT } from 'src/portal/accent-color';

describe('accessibleAccent', () => {
  it('keeps a dark colour as it is', () => {
    expect(accessibleAccent('#8A1C1C')).toBe('#8a1c1c');
  });

  it('darkens a light colour until white text on it reaches 4.5:1', () => {
    for (const light of ['#ffff00', '#ffffff', '#7fbfff', '#66cc66']) {
      const accent = accessibleAccent(light);
      expect(accent).not.toBe(light);
      expect(contrastRatio(accent, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('falls back to the default for anything that is not #rrggbb', () => {
    expect(accessibleAccent('red; background: url(x)')).toBe(DEFAULT_ACCENT);
    expect(accessibleAccent(null)).toBe(DEFAULT_ACCENT);
  });

  it('computes the WCAG ratio of black on white as 21', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
  });
});
