import { expect, test } from '@playwright/test';
import { checkA11y, hydrated, open } from './helpers';

// petrel.sh starts a real OpenID Connect provider (panva's oidc-provider, PKCE required) on
// 127.0.0.1 and configures it as "Test ID"; it signs in e2e-oidc@example.org without a form.
test('an organizer signs in through an OpenID Connect provider and signs out', async ({ page }, testInfo) => {
  await open(page, testInfo, '/en/login');
  const button = page.locator('a[href^="/login/provider/test"]');
  await expect(button).toHaveText('Sign in with Test ID');
  await checkA11y(page, testInfo);
  await button.click();
  await page.waitForURL('**/en/admin');
  await hydrated(page, testInfo);
  await expect(page.locator('h1')).toHaveCount(1);
  await open(page, testInfo, '/en/account');
  // The account page lists the sign-in and the way it was made.
  await expect(page.locator('main')).toContainText('You are an organizer.');
  await expect(page.locator('main')).toContainText('through Test ID');
  await checkA11y(page, testInfo);
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.waitForURL('**/en/login?signed_out=1');
});
