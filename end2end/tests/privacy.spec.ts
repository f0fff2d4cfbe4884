import { expect, test } from '@playwright/test';
import { checkA11y, open, snap } from './helpers';

for (const { home, privacy } of [
  { home: '/', privacy: '/en/privacy' },
  { home: '/ru/', privacy: '/ru/privacy' },
]) {
  test(`footer of ${home} links to ${privacy}`, async ({ page }, testInfo) => {
    await open(page, testInfo, home);
    await expect(page.locator(`footer a[href="${privacy}"]`).first()).toBeVisible();

    const response = await open(page, testInfo, privacy);
    expect(response.status()).toBe(200);
    await expect(page.locator('h1')).toHaveCount(1);
    await checkA11y(page, testInfo);
    await snap(page, testInfo, privacy.replaceAll('/', '_').slice(1));
  });
}

test('footer links to the contact page', async ({ page }, testInfo) => {
  await open(page, testInfo, '/');
  await expect(page.locator('footer a[href="/en/contact"]').first()).toBeVisible();

  const response = await open(page, testInfo, '/en/contact');
  expect(response.status()).toBe(200);
  await expect(page.locator('h1')).toHaveCount(1);
  await checkA11y(page, testInfo);
  await snap(page, testInfo, 'contact');
});

test('footer links to how to get the source code', async ({ page }, testInfo) => {
  await open(page, testInfo, '/ru/');
  await page.locator('footer a[href="/ru/source"]').first().click();
  await page.waitForURL('**/ru/source');
  await expect(page.locator('h1')).toHaveText('Исходный код');
  await expect(page.locator('main')).toContainText('GNU Affero General Public License');
  await checkA11y(page, testInfo);
});
