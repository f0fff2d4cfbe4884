import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { checkA11y, jsOn, open, signIn, snap } from './helpers';

test('an admin imports members from a file and sees the import under way', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const project = testInfo.project.name;
  const name = `Sample house (${project})`;
  await signIn(page, testInfo, `e2e-importer-${project}@example.org`);
  await open(page, testInfo, '/en/admin/directory');
  await checkA11y(page, testInfo);
  await page.locator('#import-file').setInputFiles(join(__dirname, '..', 'fixtures', 'sample-members.csv'));
  await page.locator('#import-legislature').fill(`e2e-sample-${project}`);
  await page.locator('#import-country').fill('GB');
  await page.locator('#import-name').fill(name);

  // The upload is held back until the page has been looked at.
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route('**/admin/directory/import', async (route) => {
    await held;
    await route.continue();
  });
  const button = page.getByRole('button', { name: 'Import', exact: true });
  const sent = button.click();
  if (jsOn(testInfo)) {
    // With JavaScript the page says the upload is under way, and it cannot be sent twice.
    await expect(page.locator('#import-busy')).toContainText('Uploading and importing');
    await expect(button).toBeDisabled();
    await snap(page, testInfo, 'directory-importing');
  }
  release();
  await sent;
  await page.waitForURL(/\/en\/admin\/directory#last-import$/);
  await expect(page.locator('main')).toContainText(name);
  await expect(page.locator('#last-import')).toBeVisible();
  await checkA11y(page, testInfo);
});
