import { expect, test } from '@playwright/test';
import { hydrated, open } from './helpers';

const switcher = 'nav[aria-label]:has(a[hreflang="ru"])';

test('language switcher goes to Russian and back', async ({ page }, testInfo) => {
  await open(page, testInfo, '/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  const nav = page.locator(switcher).first();
  await expect(nav).toBeVisible();
  await expect(nav).toHaveAttribute('aria-label', /\S/);

  await nav.locator('a[hreflang="ru"]').click();
  await page.waitForURL((url) => url.pathname.startsWith('/ru'));
  await hydrated(page, testInfo);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');

  await page.locator('nav[aria-label] a[hreflang="en"]').first().click();
  await page.waitForURL((url) => !url.pathname.startsWith('/ru'));
  await hydrated(page, testInfo);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('the chosen language is remembered for unprefixed URLs', async ({ page }, testInfo) => {
  await open(page, testInfo, '/');
  await page.locator(switcher).first().locator('a[hreflang="ru"]').click();
  await page.waitForURL((url) => url.pathname.startsWith('/ru'));
  await hydrated(page, testInfo);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');

  await open(page, testInfo, '/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
});
