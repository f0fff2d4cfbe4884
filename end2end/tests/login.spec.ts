import { expect, test } from '@playwright/test';
import { checkA11y, hydrated, mailTo, noThirdPartyRequests, open, snap } from './helpers';

// petrel.sh creates one admin per project before the server starts (`petrel admin add`).
test('an admin signs in with an emailed link, sees the campaigns and signs out', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const done = noThirdPartyRequests(page);
  const email = `e2e-admin-${testInfo.project.name}@example.org`;

  const res = await open(page, testInfo, '/en/admin');
  expect(res.status()).toBe(401);
  await expect(page.getByRole('alert')).toContainText('Please sign in');

  await open(page, testInfo, '/en/login');
  await checkA11y(page, testInfo);
  await snap(page, testInfo, 'login');
  await page.locator('#login-email').fill(email);
  await page.locator('form.form button[type=submit]').click();
  await page.waitForURL('**/en/login/sent');
  await hydrated(page, testInfo);
  await expect(page.locator('h1')).toHaveText('Check your email');

  const mail = await mailTo(page, email);
  const link = mail.split(/\s+/).find((w) => w.includes('/login/link?token='));
  expect(link, 'sign-in link in the email').toBeTruthy();
  await open(page, testInfo, new URL(link!).pathname + new URL(link!).search);
  await checkA11y(page, testInfo);
  await page.locator('main form button[type=submit]').click();
  await page.waitForURL('**/en/admin');
  await hydrated(page, testInfo);
  await expect(page.locator('main table')).toContainText('Protect Russians who fled');
  await checkA11y(page, testInfo);
  await snap(page, testInfo, 'admin');

  await open(page, testInfo, '/en/account');
  await expect(page.locator('main')).toContainText('this browser');
  await expect(page.locator('main')).toContainText('You are an admin.');
  await checkA11y(page, testInfo);
  await snap(page, testInfo, 'account');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.waitForURL('**/en/login?signed_out=1');
  await hydrated(page, testInfo);
  await expect(page.getByRole('status')).toHaveText('You are signed out.');
  const after = await page.goto('/en/admin');
  expect(after?.status()).toBe(401);

  // The link was used: it cannot sign in again.
  const again = await page.goto(new URL(link!).pathname + new URL(link!).search);
  expect(again?.status()).toBe(404);
  await expect(page.locator('main')).toContainText('not valid any more');
  done();
});
