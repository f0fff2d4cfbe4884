import { expect, test } from '@playwright/test';
import { checkA11y, noThirdPartyRequests, open, pathOf, snap } from './helpers';

test.use({ locale: 'en-GB', extraHTTPHeaders: { 'Accept-Language': 'en' } });

test('home page lists campaigns and links to them', async ({ page }, testInfo) => {
  const assertFirstParty = noThirdPartyRequests(page);

  const response = await open(page, testInfo, '/');
  expect(response.status()).toBe(200);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('h1')).toHaveCount(1);

  const links = page.locator('main a[href*="/campaigns/"]');
  await expect(links.first()).toBeVisible();
  await checkA11y(page, testInfo);
  await snap(page, testInfo, 'home');

  const link = links.first();
  const title = (await link.innerText()).trim();
  const target = pathOf((await link.getAttribute('href'))!, page);
  expect(title).not.toBe('');

  await link.click();
  await page.waitForURL((url) => url.pathname === target);
  await expect(page.locator('h1')).toHaveText(title);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await checkA11y(page, testInfo);
  await snap(page, testInfo, 'campaign');

  assertFirstParty();
});
