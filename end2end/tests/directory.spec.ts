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

  const form = 'form[action="/admin/directory/import"]';
  const button = page.getByRole('button', { name: 'Import', exact: true });
  if (jsOn(testInfo)) {
    // The first press is stopped before the file leaves, to see what the page shows meanwhile:
    // that the upload is under way, and a button that cannot be pressed twice.
    await page.evaluate((f) => {
      document.querySelector(f)!.addEventListener('submit', (e) => e.preventDefault(), { once: true });
    }, form);
    await button.click();
    await expect(page.locator('#import-busy')).toContainText('Uploading and importing');
    await expect(button).toBeDisabled();
    await snap(page, testInfo, 'directory-importing');
    await page.evaluate((f) => (document.querySelector(f) as HTMLFormElement).submit(), form);
  } else {
    await button.click();
  }
  await page.waitForURL(/\/en\/admin\/directory#last-import$/);
  await expect(page.locator('main')).toContainText(name);
  await expect(page.locator('#last-import')).toBeVisible();
  await checkA11y(page, testInfo);
});
