import { expect, test } from '@playwright/test';
import { checkA11y, noThirdPartyRequests, open, pathOf, snap } from './helpers';

test('Russian home page is in Russian and links stay under /ru/', async ({ page }, testInfo) => {
  const assertFirstParty = noThirdPartyRequests(page);

  const response = await open(page, testInfo, '/ru/');
  expect(response.status()).toBe(200);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(page.locator('h1')).toHaveCount(1);
  await expect(page.locator('body')).toContainText(/[\u0400-\u04FF]/);

  const links = page.locator('main a[href*="/campaigns/"]');
  await expect(links.first()).toBeVisible();
  for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
    expect(pathOf(href, page), `campaign link ${href}`).toMatch(/^\/ru\/campaigns\//);
  }

  await checkA11y(page, testInfo);
  await snap(page, testInfo, 'home-ru');
  assertFirstParty();
});
