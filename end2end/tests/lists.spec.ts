import { expect, request, test } from '@playwright/test';
import { checkA11y, hydrated, mailTo, noThirdPartyRequests, open, signIn, snap } from './helpers';

const campaign = 'protect-russian-anti-war-exiles';
const list = 'campaign-news';

/** The first word of a message's text that contains `needle`. */
function linkIn(text: string, needle: string): string {
  const link = text.split(/\s+/).find((w) => w.includes(needle));
  expect(link, `a ${needle} link in the email`).toBeTruthy();
  return link!;
}

function local(url: string): string {
  const u = new URL(url);
  return u.pathname + u.search;
}

for (const lang of ['en', 'ru'] as const) {
  test(`a reader subscribes, confirms, manages and leaves with one click (${lang})`, async ({ page }, testInfo) => {
    test.setTimeout(150_000);
    const done = noThirdPartyRequests(page);
    const prefix = `/${lang}`;
    const email = `e2e-list-${lang}-${testInfo.project.name}-${Date.now()}@example.org`;
    // From the home page to the list's page.
    await open(page, testInfo, `${prefix}/`);
    await page.locator(`a[href="${prefix}/lists/${list}"]`).first().click();
    await page.waitForURL(`**${prefix}/lists/${list}`);
    await hydrated(page, testInfo);
    await checkA11y(page, testInfo);
    await page.locator('#subscribe-email').fill(email);
    await page.locator('#subscribe-name').fill('Test Reader');
    await page.waitForTimeout(2_500);
    await snap(page, testInfo, `list-${lang}`);
    await page.locator('form.form button[type=submit]').click();
    await page.waitForURL(`**${prefix}/lists/${list}/check-email`);
    await hydrated(page, testInfo);
    await checkA11y(page, testInfo);

    const confirmation = await mailTo(page, email);
    await open(page, testInfo, local(linkIn(confirmation, '/lists/confirm?token=')));
    await checkA11y(page, testInfo);
    await snap(page, testInfo, `list-confirm-${lang}`);
    await page.locator('main form button[type=submit]').click();
    await page.waitForURL(`**${prefix}/lists/${list}/confirmed`);
    await hydrated(page, testInfo);
    await checkA11y(page, testInfo);

    const welcome = await mailTo(page, email, [confirmation], '/lists/preferences?token=');
    const unsubscribe = linkIn(welcome, '/lists/unsubscribe?token=');
    const preferences = linkIn(welcome, '/lists/preferences?token=');

    // The preferences page: leave, join again, all from the link.
    await open(page, testInfo, local(preferences));
    await checkA11y(page, testInfo);
    await snap(page, testInfo, `list-preferences-${lang}`);
    await expect(page.locator('main')).toContainText('•••@example.org');
    // Each button's answer sends the browser back here with what was done (`done=`), so the
    // change has been made before the next step looks.
    await page.locator('main li form button[type=submit]').first().click();
    await page.waitForURL(/done=left/);
    await expect(page.locator('main p.notice[role=status]')).toBeVisible();
    await expect(page.locator('main li form input[name=join]')).toHaveCount(1);
    await page.locator('main li form button[type=submit]').first().click();
    await page.waitForURL(/done=joined/);
    await expect(page.locator('main li form input[name=join]')).toHaveCount(0);
    await checkA11y(page, testInfo);

    // The unsubscribe link opens a page with a button (opening it changes nothing)...
    await open(page, testInfo, local(unsubscribe));
    await checkA11y(page, testInfo);
    await expect(page.locator('main form button[type=submit]')).toBeVisible();
    // ...and the mail client's one-click POST, with no cookie, unsubscribes at once.
    const client = await request.newContext();
    const answer = await client.post(unsubscribe, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      data: 'List-Unsubscribe=One-Click',
    });
    expect(answer.status()).toBe(200);
    await client.dispose();
    await open(page, testInfo, local(unsubscribe));
    await expect(page.locator('main form button[type=submit]')).toHaveCount(0);
    await expect(page.locator('main p.lead[role=status]')).toBeVisible();
    await checkA11y(page, testInfo);
    await snap(page, testInfo, `list-unsubscribed-${lang}`);
    done();
  });
}

test('the petition box subscribes the signer once the signature is confirmed', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const email = `e2e-list-sign-${testInfo.project.name}-${Date.now()}@example.org`;
  await open(page, testInfo, `/en/campaigns/${campaign}`);
  await expect(page.locator('label[for=sign-subscribe]')).toContainText('Campaign news');
  await page.locator('#sign-name').fill('List Signer');
  await page.locator('#sign-email').fill(email);
  await page.locator('#sign-email').blur();
  await page.locator('#sign-country').selectOption('FR');
  await page.locator('#sign-subscribe').check();
  await page.waitForTimeout(2_500);
  await page.locator('form.form button[type=submit]').click();
  await page.waitForURL(`**/en/campaigns/${campaign}/signed`);
  const mail = await mailTo(page, email);
  await open(page, testInfo, local(linkIn(mail, '/confirm?token=')));
  await expect(page.locator('main')).toContainText('You will get news');
  await page.locator('main form button[type=submit]').click();
  await page.waitForURL(`**/en/campaigns/${campaign}/thanks`);
  const welcome = await mailTo(page, email, [mail], 'Campaign news');
  expect(welcome).toContain('/lists/unsubscribe?token=');
});

test('an admin composes in two languages, previews, tests, sends and watches it go', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const me = `e2e-mailer-${testInfo.project.name}@example.org`;
  const stamp = `${testInfo.project.name} ${Date.now()}`;
  // An admin of its own: the sign-in specs take the newest email to e2e-admin.
  await signIn(page, testInfo, me);
  await open(page, testInfo, '/en/admin');
  await page.getByRole('link', { name: 'Mailing lists' }).click();
  await page.waitForURL('**/en/admin/lists');
  await hydrated(page, testInfo);
  await checkA11y(page, testInfo);
  await page.getByRole('link', { name: 'Write a mailing' }).click();
  await page.waitForURL('**/en/admin/mailings/new');
  await hydrated(page, testInfo);
  await checkA11y(page, testInfo);
  // A mistake first: no list chosen.
  await page.locator('#mailing-subject-en').fill(`News ${stamp}`);
  await page.locator('#mailing-body-en').fill('The vote is **on Thursday**.');
  await page.getByRole('button', { name: 'Save the draft' }).click();
  await expect(page.locator('#mailing-lists-error')).toContainText('Choose at least one list');
  await expect(page.locator('#mailing-subject-en')).toHaveValue(`News ${stamp}`);
  await page.locator(`#mailing-list-${list}`).check();
  await page.locator('#mailing-subject-ru').fill(`Новости ${stamp}`);
  await page.locator('#mailing-body-ru').fill('Голосование **в четверг**.');
  await page.getByRole('button', { name: 'Save the draft' }).click();
  await page.waitForURL(/\/en\/admin\/mailings\/\d+\?done=saved/);
  await hydrated(page, testInfo);
  const mailing = new URL(page.url()).pathname;
  await expect(page.locator('main')).toContainText(/Reaches \d+ (person|people) now/);
  // The preview is the HTML as it will be sent.
  await page.locator('details.preview summary').first().click();
  await expect(page.locator('details.preview strong').first()).toHaveText('on Thursday');
  await checkA11y(page, testInfo);
  await snap(page, testInfo, 'mailing-composer');
  await page.getByRole('button', { name: 'Send a test to me' }).click();
  await page.waitForURL(/done=test/);
  const trial = await mailTo(page, me, [], 'on Thursday');
  expect(trial).toContain('on Thursday');
  await open(page, testInfo, mailing);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await page.waitForURL(/done=sent/);
  await hydrated(page, testInfo);
  // The figures: live with JavaScript, on reload without.
  await expect(async () => {
    if (testInfo.project.name !== 'js-on') await page.reload();
    await expect(page.locator('main p.lead')).toHaveText('Sent', { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.locator('dl.figures')).toContainText('Still to send');
  await checkA11y(page, testInfo);
  await snap(page, testInfo, 'mailing-sent');
  await open(page, testInfo, '/en/admin/lists');
  await expect(page.locator('main')).toContainText(`News ${stamp}`);
});
