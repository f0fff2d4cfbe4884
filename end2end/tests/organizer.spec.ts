import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { checkA11y, hydrated, mailTo, open, snap } from './helpers';

/** Signs in with an emailed link (petrel.sh creates the accounts before the server starts; each
 * is used for one sign-in per run). */
async function signIn(page: Page, testInfo: TestInfo, email: string): Promise<void> {
  await open(page, testInfo, '/en/login');
  await page.locator('#login-email').fill(email);
  await page.locator('form.form button[type=submit]').click();
  await page.waitForURL('**/en/login/sent');
  const mail = await mailTo(page, email);
  const link = mail.split(/\s+/).find((w) => w.includes('/login/link?token='));
  expect(link, 'sign-in link').toBeTruthy();
  await open(page, testInfo, new URL(link!).pathname + new URL(link!).search);
  await page.locator('main form button[type=submit]').click();
  await page.waitForURL('**/en/admin');
  await hydrated(page, testInfo);
}

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

  for (const [lang, t, summary, addressee, body] of [
    ['en', title, 'They protested the war.', 'The Prosecutor General', 'They are **innocent**.'],
    ['ru', 'Освободите студентов', 'Они протестовали против войны.', 'Генеральному прокурору', 'Они **невиновны**.'],
  ]) {
    await page.locator(`#text-${lang}-title`).fill(t);
    await page.locator(`#text-${lang}-summary`).fill(summary);
    await page.locator(`#text-${lang}-addressee`).fill(addressee);
    await page.locator(`#text-${lang}-body`).fill(body);
    await page.locator(`section[lang=${lang}] button[type=submit]`).click();
    await expect(page.locator(`section[lang=${lang}] .preview .prose strong`)).toHaveText(lang === 'en' ? 'innocent' : 'невиновны');
    await hydrated(page, testInfo);
  }
  await checkA11y(page, testInfo);
  await snap(page, testInfo, 'editor');
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(page.locator('main p.lead').first()).toContainText('Waiting for review');
  await hydrated(page, testInfo);
  await signOut(page, testInfo);

  // Its own admin account: mailTo finds the first message to an address, and the login spec
  // has already mailed e2e-admin.
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
});
