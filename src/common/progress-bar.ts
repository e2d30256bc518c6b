/**
 * One line of progress for a terminal: a bar when the total is known (OParl lists announce it in
 * `pagination.totalElements`), a plain count when it is not.
 */
export function progressLine(label: string, done: number, total?: number, width = 30): string {
  if (!total || total <= 0) return `${label}: ${done}`;
  const share = Math.min(1, done / total);
  const filled = Math.round(share * width);
  const percent = String(Math.floor(share * 100)).padStart(3);
  return `${label}: [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent} % ${done}/${total}`;
}
