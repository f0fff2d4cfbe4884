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
  await page.waitForURL(`**/en/campaigns/${slug}/write?**`);
  await hydrated(page, testInfo);
  await expect(page.locator('#recipients-heading')).toHaveText('Who represents Windsor');
  await expect(page.locator('.recipients')).toContainText('Adam Afriyie');
  await expect(page.locator('#letter-body')).toHaveValue(/^Dear Adam Afriyie,/);
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
  await expect(page.locator('.letter-preview')).toContainText('Jane Writer, Windsor');
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
  await page.waitForURL(`**/en/campaigns/${slug}/letter-confirmed`);
  await hydrated(page, testInfo);
  await checkA11y(page, testInfo);

  // The worker sends it to the MP, with the writer's address to reply to.
  const letter = await mailTo(page, 'adam.afriyie.mp@parliament.uk', [], `(${project})`);
  expect(letter).toContain(`My colleague fled in 2022 (${project}).`);
  expect(letter).toContain('Reply to this message to answer Jane Writer directly.');
  done();
});

test('without a postcode match the area is chosen from the list (Russian)', async ({ page }, testInfo) => {
  await open(page, testInfo, `/ru/campaigns/${slug}/write?legislature=uk-commons&postcode=ZZ99+9ZZ`);
  await expect(page.locator('main')).toContainText('Такой индекс не найден');
  await page.locator('#write-area').selectOption({ label: 'Gravesham' });
  await page.getByRole('button', { name: 'Выбрать этот округ' }).click();
  await page.waitForURL('**/ru/campaigns/**/write?**area=**');
  await hydrated(page, testInfo);
  await expect(page.locator('.recipients')).toContainText('Adam Holloway');
  await checkA11y(page, testInfo);
  await snap(page, testInfo, 'letter-area-ru');
});
