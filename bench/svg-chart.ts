/**
 * A horizontal grouped bar chart as plain SVG text, for benchmark reports: one row per
 * category (an endpoint), one or more panels side by side (e.g. requests per second and
 * latency), each with its own series and a logarithmic axis, because the values of one panel
 * can lie orders of magnitude apart (a server next to a bare-bones ceiling). Every bar also
 * carries its number, so nothing has to be read off the axis.
 */

export interface ChartSeries {
  name: string;
  color: string;
  /** One value per category; NaN or ≤ 0 draws no bar and prints "–". */
  values: number[];
}

export interface ChartPanel {
  title: string;
  axisLabel: string;
  /** How a value is printed beside its bar, e.g. 1234 → "1,234". */
  format: (value: number) => string;
  series: ChartSeries[];
}

export interface ChartSpec {
  title: string;
  subtitle: string;
  /** Read by screen readers in place of the picture: say what the numbers are. */
  description: string;
  categories: string[];
  panels: ChartPanel[];
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif';
const LABEL_WIDTH = 300;
const PANEL_WIDTH = 430;
const PANEL_GAP = 40;
const BAR_HEIGHT = 13;
const BAR_GAP = 2;
const ROW_GAP = 12;
const TOP = 118;
const AXIS_SPACE = 52;
/** Room right of the longest bar for its number. */
const VALUE_SPACE = 64;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Powers of ten covering every positive value of the panel. */
function logDomain(panel: ChartPanel): { low: number; high: number } {
  const values = panel.series.flatMap((s) => s.values).filter((v) => Number.isFinite(v) && v > 0);
  if (values.length === 0) return { low: 0, high: 1 };
  const low = Math.floor(Math.log10(Math.min(...values)));
  const high = Math.max(low + 1, Math.ceil(Math.log10(Math.max(...values))));
  return { low, high };
}

const tickLabel = (exponent: number) => (10 ** exponent).toLocaleString('en', { maximumFractionDigits: Math.max(0, -exponent) });

function panelSvg(panel: ChartPanel, categories: string[], x0: number, rowHeight: number): string[] {
  const { low, high } = logDomain(panel);
  const plotWidth = PANEL_WIDTH - VALUE_SPACE;
  const scale = (v: number) => ((Math.log10(v) - low) / (high - low)) * plotWidth;
  const plotHeight = categories.length * rowHeight;
  const out: string[] = [];
  out.push(`<g transform="translate(${x0} ${TOP})">`);
  out.push(`<text x="0" y="-40" font-size="15" font-weight="600">${escapeXml(panel.title)}</text>`);
  // Legend of this panel's series, under its title.
  let legendX = 0;
  for (const series of panel.series) {
    out.push(`<rect x="${legendX}" y="-28" width="12" height="12" fill="${series.color}"/>`);
    out.push(`<text x="${legendX + 17}" y="-18" font-size="13">${escapeXml(series.name)}</text>`);
    legendX += 30 + series.name.length * 7.2;
  }
  for (let e = low; e <= high; e++) {
    const x = round(scale(10 ** e));
    out.push(`<line x1="${x}" y1="0" x2="${x}" y2="${plotHeight}" stroke="#d0d0d0" stroke-width="1"/>`);
    out.push(`<text x="${x}" y="${plotHeight + 16}" font-size="12" text-anchor="middle" fill="#444">${tickLabel(e)}</text>`);
  }
  out.push(`<line x1="0" y1="0" x2="0" y2="${plotHeight}" stroke="#333" stroke-width="1"/>`);
  out.push(
    `<text x="${round(plotWidth / 2)}" y="${plotHeight + 38}" font-size="13" text-anchor="middle" fill="#222">${escapeXml(panel.axisLabel)}</text>`,
  );
  categories.forEach((category, row) => {
    panel.series.forEach((series, i) => {
      const value = series.values[row];
      const y = round(row * rowHeight + ROW_GAP / 2 + i * (BAR_HEIGHT + BAR_GAP));
      const drawable = Number.isFinite(value) && value > 0;
      // Values below the axis start still get a sliver, so a bar is never silently missing.
      const width = drawable ? Math.max(2, round(scale(value))) : 0;
      const label = drawable ? panel.format(value) : '–';
      if (drawable) {
        out.push(
          `<rect x="0" y="${y}" width="${width}" height="${BAR_HEIGHT}" fill="${series.color}">` +
            `<title>${escapeXml(`${category} – ${series.name}: ${label}`)}</title></rect>`,
        );
      }
      out.push(`<text x="${width + 4}" y="${round(y + BAR_HEIGHT - 2)}" font-size="11" fill="#222">${escapeXml(label)}</text>`);
    });
  });
  out.push('</g>');
  return out;
}

export function renderBarChart(spec: ChartSpec): string {
  const seriesPerRow = Math.max(...spec.panels.map((p) => p.series.length));
  const rowHeight = seriesPerRow * (BAR_HEIGHT + BAR_GAP) + ROW_GAP;
  const width = LABEL_WIDTH + spec.panels.length * (PANEL_WIDTH + PANEL_GAP);
  const height = TOP + spec.categories.length * rowHeight + AXIS_SPACE;
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `role="img" aria-labelledby="chart-title chart-desc" font-family="${escapeXml(FONT)}">`,
    `<title id="chart-title">${escapeXml(spec.title)}</title>`,
    `<desc id="chart-desc">${escapeXml(spec.description)}</desc>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="16" y="28" font-size="19" font-weight="700" fill="#111">${escapeXml(spec.title)}</text>`,
    `<text x="16" y="50" font-size="13" fill="#444">${escapeXml(spec.subtitle)}</text>`,
  ];
  spec.categories.forEach((category, row) => {
    const y = round(TOP + row * rowHeight + rowHeight / 2 + 4);
    out.push(`<text x="${LABEL_WIDTH - 12}" y="${y}" font-size="13" text-anchor="end" fill="#111">${escapeXml(category)}</text>`);
  });
  spec.panels.forEach((panel, i) => out.push(...panelSvg(panel, spec.categories, LABEL_WIDTH + i * (PANEL_WIDTH + PANEL_GAP), rowHeight)));
  out.push('</svg>');
  return out.join('\n') + '\n';
}
