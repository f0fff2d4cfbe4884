import { readFileSync } from 'node:fs';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { checkA11y, hydrated, mailTo, open, signIn, snap } from './helpers';

async function signOut(page: Page, testInfo: TestInfo): Promise<void> {
  await open(page, testInfo, '/en/account');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.waitForURL('**/en/login?signed_out=1');
}

test('an organizer drafts a petition in two languages, an admin approves it, it is public', async ({ page }, testInfo) => {
  test.setTimeout(150_000);
  const project = testInfo.project.name;
  const slug = `e2e-${project}-${Date.now()}`;
  const title = `Free the students (${project})`;

  await signIn(page, testInfo, `e2e-organizer-${project}@example.org`);
  await page.getByRole('link', { name: 'New petition' }).click();
  await page.waitForURL('**/en/admin/campaigns/new');
  await hydrated(page, testInfo);
  await page.locator('#new-slug').fill(slug);
  await page.locator('main form button[type=submit]').click();
  await page.waitForURL(`**/en/admin/campaigns/${slug}`);
  await hydrated(page, testInfo);

  const fillText = async (lang: string, t: string, summary: string, addressee: string, body: string) => {
    await page.locator(`#text-${lang}-title`).fill(t);
    await page.locator(`#text-${lang}-summary`).fill(summary);
    await page.locator(`#text-${lang}-addressee`).fill(addressee);
    await page.locator(`#text-${lang}-body`).fill(body);
  };
  // The settings and the English text, saved with the editor's one Save button.
  await page.locator('#edit-goal').fill('5000');
  await fillText('en', title, 'They protested the war.', 'The Prosecutor General', 'They are **innocent**.');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('section[lang=en] .preview .prose strong')).toHaveText('innocent');
  await hydrated(page, testInfo);
  await expect(page.locator('#edit-goal')).toHaveValue('5000');
  await checkA11y(page, testInfo);
  await snap(page, testInfo, 'editor');
  // The Russian text typed and submitted straight away, without saving it first: what is on
  // the screen is saved, then submitted (it used to be lost).
  await fillText('ru', 'Освободите студентов', 'Они протестовали против войны.', 'Генеральному прокурору', 'Они **невиновны**.');
  await page.getByRole('button', { name: 'Save and submit for review' }).click();
  await expect(page.locator('main p.lead').first()).toContainText('Waiting for review');
  await hydrated(page, testInfo);
  await expect(page.locator('section[lang=ru] .preview .prose strong')).toHaveText('невиновны');
  await signOut(page, testInfo);

  // Its own admin account (the login spec uses e2e-admin at the same time).
  await signIn(page, testInfo, `e2e-reviewer-${project}@example.org`);
  await page.getByRole('link', { name: title }).first().click();
  await page.waitForURL(`**/en/admin/campaigns/${slug}`);
  await hydrated(page, testInfo);
  await page.getByRole('button', { name: 'Approve and publish' }).click();
  await expect(page.locator('main p.lead').first()).toContainText('Open');
  await hydrated(page, testInfo);

  await open(page, testInfo, '/en/');
  await expect(page.locator('main')).toContainText(title);
  await open(page, testInfo, `/ru/campaigns/${slug}`);
  await expect(page.locator('h1')).toHaveText('Освободите студентов');
  await signOut(page, testInfo);

  // A citizen comes by a share link and signs; the organizer sees the signature arrive on the
  // chart, by its share link, and exports the signatures.
  const signer = `e2e-signer-${project}-${Date.now()}@example.org`;
  await open(page, testInfo, `/en/campaigns/${slug}?ref=e2e-link`);
  await page.locator('#sign-name').fill('Dashboard Signer');
  await page.locator('#sign-email').fill(signer);
  await page.locator('#sign-email').blur();
  await page.locator('#sign-country').selectOption('FI');
  await page.locator('#sign-display-full').check();
  await page.waitForTimeout(2_500);
  await page.locator('form.form button[type=submit]').click();
  await page.waitForURL(`**/en/campaigns/${slug}/signed`);
  const mail = await mailTo(page, signer);
  const link = mail.split(/\s+/).find((w) => w.includes('/confirm?token='));
  expect(link, 'confirm link').toBeTruthy();
  await open(page, testInfo, new URL(link!).pathname + new URL(link!).search);
  await page.locator('main form button[type=submit]').click();
  await page.waitForURL(`**/en/campaigns/${slug}/thanks`);

  await signIn(page, testInfo, `e2e-organizer-${project}@example.org`);
  await open(page, testInfo, `/en/admin/campaigns/${slug}/stats`);
  await expect(page.locator('.facts div').first()).toContainText('1');
  await expect(page.locator('svg.columns rect.bar')).toHaveCount(1);
  await expect(page.locator('section[aria-labelledby=by-ref-heading] td').first()).toHaveText('e2e-link');
  await page.getByRole('link', { name: 'Show per hour' }).click();
  await page.waitForURL('**/stats?view=hours');
  await hydrated(page, testInfo);
  await expect(page.locator('#per-period-heading')).toContainText('per hour');
  await expect(page.locator('svg.columns rect.bar')).toHaveCount(1);
  await checkA11y(page, testInfo);
  await snap(page, testInfo, 'dashboard');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${slug}-signatures-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.split('\n')[0]).toBe('name,country,postcode,signed_on,email');
  expect(csv).toContain('"Dashboard Signer","FI"');
});
