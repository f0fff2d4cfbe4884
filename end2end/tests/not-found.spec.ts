import { expect, test } from '@playwright/test';
import { checkA11y, open, snap } from './helpers';

test('unknown page answers 404 with a way home', async ({ page }, testInfo) => {
  const response = await open(page, testInfo, '/no-such-page');
  expect(response.status()).toBe(404);
  await expect(page.locator('h1')).toHaveCount(1);
  // Sent under the reader's language first, like every page; the way home keeps it.
  expect(new URL(page.url()).pathname).toBe('/en/no-such-page');
  await expect(page.locator('main a[href="/en/"]').first()).toBeVisible();
  await checkA11y(page, testInfo);
  await snap(page, testInfo, 'not-found');
});

test('unknown campaign answers 404', async ({ page }, testInfo) => {
  const response = await open(page, testInfo, '/campaigns/no-such-campaign');
  expect(response.status()).toBe(404);
  await expect(page.locator('h1')).toHaveCount(1);
  await checkA11y(page, testInfo);
});
