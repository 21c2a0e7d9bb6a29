import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';

/** The page is no wider than its window (nothing scrolls sideways on a phone). */
export async function expectNoHorizontalScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, `the page is ${scrollWidth}px wide in a ${innerWidth}px window`).toBeLessThanOrEqual(innerWidth);
}

/** axe-core finds nothing serious or critical on the page as it is now. */
export async function expectNoSeriousAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** A full-page screenshot kept with the test's artifacts (test-results/…/<name>.png). */
export async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

/**
 * At 1280 and 390 px: no sideways scroll and a screenshot `<name>-<width>.png`; axe at 1280 only.
 * The console's pages render the same DOM at both widths (layout is CSS), so a second axe pass
 * (~2 s each) finds nothing new; the one part whose DOM differs, the collapsed console menu, is
 * checked with axe at 390 px in console-shell.spec.ts.
 */
export async function checkAtBothWidths(page: Page, testInfo: TestInfo, name: string) {
  for (const [width, height] of [[1280, 800], [390, 844]] as const) {
    await page.setViewportSize({ width, height });
    await expectNoHorizontalScroll(page);
    if (width === 1280) await expectNoSeriousAxeViolations(page);
    await screenshot(page, testInfo, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}
