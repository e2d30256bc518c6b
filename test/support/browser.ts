/// <reference lib="dom" />
import AxeBuilder from '@axe-core/playwright';
import { Browser, chromium, Page } from 'playwright-core';

/** Debian's Chromium, the browser of every page test. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Headless, without a sandbox (CI runs as root) and without anything that would call home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** The screens the pages must work on: a small phone, a tablet upright, a desktop. */
export const PHONE = { width: 360, height: 740 };
export const TABLET = { width: 768, height: 1024 };
export const DESKTOP = { width: 1280, height: 900 };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** The WCAG 2.1 A and AA rules axe-core knows. */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe-core on the page as it is now; each violation as "label: rule (impact) at elements". */
export async function axeViolations(page: Page, label: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  return result.violations.map((v) => `${label}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Fails with the list of violations, so a red run says which rule broke where. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  expect(await axeViolations(page, label)).toEqual([]);
}

/**
 * Expects the element with the focus to have `expected` as its `id` or `className`, waiting up
 * to 5 s for it: a page's `autofocus` is applied at the browser's next rendering step after the
 * page loads, not when its title is there, so on a busy machine a check made at once sees the
 * body focused. The failure names what had the focus instead.
 */
export async function expectFocus(page: Page, attribute: 'id' | 'className', expected: string): Promise<void> {
  await page
    .waitForFunction(([a, e]) => document.activeElement?.[a] === e, [attribute, expected] as const, { timeout: 5000 })
    .catch(() => undefined);
  expect(await page.evaluate((a) => document.activeElement?.[a], attribute)).toBe(expected);
}
