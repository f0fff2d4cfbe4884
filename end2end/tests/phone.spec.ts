import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { checkA11y, hydrated, signIn } from './helpers';

// On a 360 px phone no page is wider than the screen (tables scroll inside themselves, long
// addresses break), and axe finds nothing there either — admin pages included.

async function fitsAndPasses(page: Page, testInfo: TestInfo, path: string): Promise<void> {
  await page.goto(path);
  // The development mailbox is a plain page of the server's, not the app's.
  if (!path.startsWith('/dev/')) await hydrated(page, testInfo);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${path} is ${width} px wide on a 360 px screen`).toBeLessThanOrEqual(360);
  await checkA11y(page, testInfo);
}

test.use({ viewport: { width: 360, height: 740 } });

test('public pages fit a phone', async ({ page }, testInfo) => {
  for (const path of [
    '/en/',
    '/ru/privacy',
    '/ru/campaigns/protect-russian-anti-war-exiles',
    '/en/campaigns/e2e-write-to-your-mp',
    '/en/source',
    '/ru/lists/campaign-news',
    '/dev/mailbox',
  ]) {
    await fitsAndPasses(page, testInfo, path);
  }
});

test('admin pages fit a phone', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await signIn(page, testInfo, `e2e-phone-${testInfo.project.name}@example.org`);
  for (const path of [
    '/en/admin',
    '/ru/admin',
    '/ru/admin/users',
    '/ru/admin/audit',
    '/ru/admin/directory',
    '/ru/admin/lists',
    '/ru/admin/mailings/new',
    '/en/admin/campaigns/protect-russian-anti-war-exiles',
    '/en/admin/campaigns/protect-russian-anti-war-exiles/stats',
    '/en/account',
  ]) {
    await fitsAndPasses(page, testInfo, path);
  }
});
