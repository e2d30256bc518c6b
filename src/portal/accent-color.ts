const HEX = /^#[0-9a-fA-F]{6}$/;
export const DEFAULT_ACCENT = '#00577a';

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG 2.1 contrast ratio of two `#rrggbb` colours. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

function darken(hex: string, factor: number): string {
  return `#${[1, 3, 5]
    .map((i) =>
      Math.round(parseInt(hex.slice(i, i + 2), 16) * factor)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/**
 * The body's colour as the portal uses it: white text on it and it as text on white must both
 * reach 4.5:1 (WCAG 2.1 AA). A colour that is too light is darkened step by step, keeping its
 * hue, so a municipality's choice can never make the portal unreadable.
 */
export function accessibleAccent(color: string | null | undefined): string {
  let accent = color && HEX.test(color) ? color.toLowerCase() : DEFAULT_ACCENT;
  while (contrastRatio(accent, '#ffffff') < 4.5) accent = darken(accent, 0.9);
  return accent;
}
