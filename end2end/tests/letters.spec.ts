import { expect, test } from '@playwright/test';
import { checkA11y, hydrated, mailTo, noThirdPartyRequests, open, snap } from './helpers';

const slug = 'e2e-write-to-your-mp';

test('a citizen finds their MP by postcode, writes, confirms, and the letter is sent', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const done = noThirdPartyRequests(page);
  const project = testInfo.project.name;
  const email = `e2e-writer-${project}-${Date.now()}@example.org`;

  await open(page, testInfo, `/en/campaigns/${slug}`);
  await checkA11y(page, testInfo);
  await page.locator('#write-postcode').fill('SL4 1AA');
  await page.getByRole('button', { name: 'Find my representatives' }).click();
  await page.waitForURL(`**/en/campaigns/${slug}/write?**area=**`);
  // The postcode was posted: the address names the area, not the postcode.
  expect(page.url()).not.toMatch(/SL4|postcode/i);
  await hydrated(page, testInfo);
  await expect(page.locator('#recipients-heading')).toHaveText('Who represents Windsor');
  await expect(page.locator('.recipients')).toContainText('Adam Afriyie');
  await expect(page.locator('#letter-body')).toHaveValue(/^Dear Adam Afriyie MP,/);
  await checkA11y(page, testInfo);
  await snap(page, testInfo, 'letter-write');

  // Make it one's own, sign it.
  const body = await page.locator('#letter-body').inputValue();
  await page.locator('#letter-body').fill(
    body.replace('opposed the war.', `opposed the war. My colleague fled in 2022 (${project}).`),
  );
  await page.locator('#letter-name').fill('Jane Writer');
  await page.locator('#letter-email').fill(email);
  await page.locator('#letter-town').fill('Windsor');
  await page.waitForTimeout(2_500);
  await page.getByRole('button', { name: 'Preview my letter' }).click();
  await page.waitForURL('**/en/letters/preview?token=**');
  await hydrated(page, testInfo);
  await expect(page.locator('.letter-preview')).toContainText('adam.afriyie.mp@parliament.uk');
  await expect(page.locator('.letter-preview')).toContainText(`My colleague fled in 2022 (${project}).`);
  // Petrel signs the letter: name, town and the postcode that found the MP, email for replies.
  await expect(page.locator('.letter-signature')).toContainText(`Jane Writer\nWindsor SL4 1AA\n${email}`);
  await expect(page.locator('.letter-footer')).toContainText('Sent by Jane Writer through Petrel');
  await checkA11y(page, testInfo);
  await snap(page, testInfo, 'letter-preview');
  await page.getByRole('button', { name: 'Send it' }).click();
  await page.waitForURL(`**/en/campaigns/${slug}/letter-sent`);
  await hydrated(page, testInfo);

  const mail = await mailTo(page, email);
  const link = mail.split(/\s+/).find((w) => w.includes('/letters/confirm?token='));
  expect(link, 'confirm link in the email').toBeTruthy();
  await open(page, testInfo, new URL(link!).pathname + new URL(link!).search);
  await checkA11y(page, testInfo);
  await page.getByRole('button', { name: 'Send my letter' }).click();
  await page.waitForURL(`**/en/campaigns/${slug}/letter-confirmed?letter=**`);
  await hydrated(page, testInfo);
  await expect(page.locator('.deliveries')).toContainText('Adam Afriyie');
  await checkA11y(page, testInfo);

  // The worker sends it to the MP, with the writer's address to reply to.
  const letter = await mailTo(page, 'adam.afriyie.mp@parliament.uk', [], `(${project})`);
  expect(letter).toContain(`My colleague fled in 2022 (${project}).`);
  expect(letter).toContain('Reply to this message to answer Jane Writer directly.');
  done();
});

test('without a postcode match the area is chosen from the list (Russian)', async ({ page }, testInfo) => {
  await open(page, testInfo, `/ru/campaigns/${slug}/write?legislature=uk-commons`);
  await page.locator('#write-postcode').fill('ZZ99 9ZZ');
  await page.getByRole('button', { name: 'Найти моих депутатов' }).click();
  await expect(page.locator('#write-postcode-error')).toContainText('Такой индекс не найден');
  await expect(page.locator('#write-postcode')).toHaveValue('ZZ99 9ZZ');
  await page.locator('#write-area').selectOption({ label: 'Gravesham' });
  await page.getByRole('button', { name: 'Выбрать этот округ' }).click();
  await page.waitForURL('**/ru/campaigns/**/write?**area=**');
  await hydrated(page, testInfo);
  await expect(page.locator('.recipients')).toContainText('Adam Holloway');
  await checkA11y(page, testInfo);
  await snap(page, testInfo, 'letter-area-ru');
});

test('an MP without email gets the letter printed by its writer', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const done = noThirdPartyRequests(page);
  const project = testInfo.project.name;
  const email = `e2e-printer-${project}-${Date.now()}@example.org`;

  await open(page, testInfo, `/en/campaigns/${slug}/write?legislature=uk-commons`);
  await page.locator('#write-area').selectOption({ label: 'New Forest East' });
  await page.getByRole('button', { name: 'Choose this area' }).click();
  await page.waitForURL('**/en/campaigns/**/write?**area=**');
  await hydrated(page, testInfo);
  await expect(page.locator('.recipients')).toContainText('Julian Lewis');
  await expect(page.locator('main')).toContainText('None of them can be reached by email');
  await page.locator('#letter-name').fill('Jane Writer');
  await page.locator('#letter-email').fill(email);
  await page.locator('#letter-town').fill('Lymington');
  await page.locator('#letter-address').fill('1 Quay Street\nLymington SO41 3AS');
  await page.waitForTimeout(2_500);
  await page.getByRole('button', { name: 'Preview my letter' }).click();
  await page.waitForURL('**/en/letters/preview?token=**');
  await hydrated(page, testInfo);
  await expect(page.locator('.letter-preview')).toContainText('By post');
  await page.getByRole('button', { name: 'Send it' }).click();
  await page.waitForURL(`**/en/campaigns/${slug}/letter-sent`);

  const mail = await mailTo(page, email);
  const link = mail.split(/\s+/).find((w) => w.includes('/letters/confirm?token='));
  expect(link, 'confirm link in the email').toBeTruthy();
  await open(page, testInfo, new URL(link!).pathname + new URL(link!).search);
  await page.getByRole('button', { name: 'Send my letter' }).click();
  await page.waitForURL(`**/en/campaigns/${slug}/letter-confirmed?letter=**`);
  await hydrated(page, testInfo);
  await page.getByRole('link', { name: 'Print the letter to Julian Lewis' }).click();
  await page.waitForURL('**/en/letters/print?**');
  await hydrated(page, testInfo);
  const letter = page.locator('.printed-letter');
  await expect(letter).toContainText('Jane Writer');
  await expect(letter).toContainText('Lymington SO41 3AS');
  await expect(letter).toContainText('Dear Julian Lewis MP,');
  // The button opens the print dialog, so it needs JavaScript; without, the browser's own
  // Print command does the same.
  await expect(page.getByRole('button', { name: 'Print', exact: true })).toHaveCount(project === 'js-off' ? 0 : 1);
  await checkA11y(page, testInfo);
  await snap(page, testInfo, 'letter-print');
  // Printed, only the letter is on the paper.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.locator('.no-print')).toBeHidden();
  await expect(letter).toBeVisible();
  done();
});

test('what a writer types before the page is interactive is kept', async ({ page }, testInfo) => {
  // The app's code is held back while the writer types, as on a slow phone; then it loads
  // and takes over the page, which must not wipe the letter.
  // Where the postcode leads (it is posted; the address the writer lands on names the area).
  await page.goto(`/en/campaigns/${slug}`);
  await page.locator('#write-postcode').fill('SL4 1AA');
  await page.getByRole('button', { name: 'Find my representatives' }).click();
  await page.waitForURL(`**/en/campaigns/${slug}/write?**area=**`);
  const windsor = page.url();
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route('**/*.wasm', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(windsor, { waitUntil: 'domcontentloaded' });
  await page.locator('#letter-body').fill('Dear Adam Afriyie,\n\nTyped before the page came to life, and kept.');
  await page.locator('#letter-address').fill('1 High Street\nWindsor SL4 1AA');
  release();
  await hydrated(page, testInfo);
  await expect(page.locator('#letter-body')).toHaveValue(/Typed before the page came to life, and kept\./);
  await expect(page.locator('#letter-address')).toHaveValue('1 High Street\nWindsor SL4 1AA');
});
