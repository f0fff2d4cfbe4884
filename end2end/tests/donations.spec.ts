import { expect, test, type Page } from '@playwright/test';
import { checkA11y, hydrated, mailTo, noThirdPartyRequests, open, signIn, snap } from './helpers';

const fund = 'legal-aid-for-exiles';
const campaign = 'protect-russian-anti-war-exiles';

/** How many monthly donors the fund's page counts (0 when it says nothing of them). */
async function monthlyDonors(page: Page | Promise<Page>): Promise<number> {
  const p = await page;
  const text = (await p.locator('section.progress').textContent()) ?? '';
  const m = text.match(/(\d+) (?:gives?|помога\S*) (?:every month|каждый месяц)/);
  return m ? Number(m[1]) : 0;
}

for (const lang of ['en', 'ru'] as const) {
  test(`a donor gives once through the checkout and is thanked by first name (${lang})`, async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    const done = noThirdPartyRequests(page);
    const prefix = `/${lang}`;
    const first = `Donor${lang}${testInfo.project.name.replace('-', '')}`;
    const email = `e2e-donor-${lang}-${testInfo.project.name}-${Date.now()}@example.org`;
    await open(page, testInfo, `${prefix}/funds/${fund}`);
    await checkA11y(page, testInfo);
    await expect(page.locator('#give')).toContainText('PETREL LEGAL AID');
    await expect(page.locator('#give')).toContainText('stripe.com');
    // A mistake first: an amount that is not a number is explained by the field.
    await page.locator('#donate-amount-other').check();
    await page.locator('#donate-other-amount').fill('lots');
    await page.locator('#donate-email').fill(email);
    await page.waitForTimeout(2_500);
    await page.locator('#give button[type=submit]').click();
    await expect(page.locator('#donate-amount-error')).toBeVisible();
    await expect(page.locator('#donate-email')).toHaveValue(email);
    await hydrated(page, testInfo);
    await checkA11y(page, testInfo);
    // Then 25 euros, shown by first name.
    await page.locator('#donate-other-amount').fill(lang === 'en' ? '25' : '25,00');
    await page.locator('#donate-display-first').check();
    await page.locator('#donate-name').fill(`${first} Surname`);
    await page.locator('#donate-message').fill('For the lawyers');
    // The page that told of the mistake carries a new form, which a person takes a while over.
    await page.waitForTimeout(2_500);
    await snap(page, testInfo, `donate-form-${lang}`);
    // Everything so far came from Petrel's own origin; the checkout is the donor's own
    // navigation to Stripe (here the fake).
    done();
    await page.locator('#give button[type=submit]').click();
    await page.waitForURL('**/pay/**');
    await expect(page.locator('#amount')).toHaveText('25.00 EUR');
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.waitForURL(`**${prefix}/funds/${fund}/thanks`);
    await hydrated(page, testInfo);
    await checkA11y(page, testInfo);

    // The receipt arrives, in the donor's language.
    const receipt = await mailTo(page, email);
    expect(receipt).toContain(lang === 'en' ? '€25.00' : '25,00\u00a0€');
    expect(receipt).toContain('PETREL LEGAL AID');
    // The fund's page shows the first name chosen, never the surname or the address.
    await open(page, testInfo, `${prefix}/funds/${fund}`);
    await expect(page.locator('main')).toContainText(first);
    await expect(page.locator('main')).not.toContainText('Surname');
    await expect(page.locator('main')).not.toContainText(email);
  });
}

test('a donor who cancels on the checkout page is told nothing was charged', async ({ page }, testInfo) => {
  await open(page, testInfo, `/en/funds/${fund}`);
  await page.locator('#donate-email').fill(`e2e-cancel-${testInfo.project.name}-${Date.now()}@example.org`);
  await page.waitForTimeout(2_500);
  await page.locator('#give button[type=submit]').click();
  await page.waitForURL('**/pay/**');
  await page.getByRole('link', { name: 'Cancel' }).click();
  await page.waitForURL(/\/en\/funds\/legal-aid-for-exiles\?cancelled=1/);
  await hydrated(page, testInfo);
  await expect(page.locator('#give')).toContainText('The payment was cancelled: nothing was charged.');
});

for (const lang of ['en', 'ru'] as const) {
  test(`a supporter gives 25 EUR monthly from a petition's thank-you page and stops it from the receipt's link (${lang})`, async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    const prefix = `/${lang}`;
    const email = `e2e-monthly-${lang}-${testInfo.project.name}-${Date.now()}@example.org`;
    // The demo petition points to the fund: its thank-you page invites supporters to chip in,
    // carrying the campaign and the share code they came by.
    await open(page, testInfo, `${prefix}/campaigns/${campaign}/thanks?ref=e2e`);
    await checkA11y(page, testInfo);
    await page.getByRole('link', { name: lang === 'en' ? 'Give to the fund' : 'Пожертвовать в фонд' }).click();
    await page.waitForURL(new RegExp(`${prefix}/funds/${fund}\\?campaign=${campaign}&ref=e2e`));
    await hydrated(page, testInfo);
    await expect(page.locator('#give input[name=campaign]')).toHaveValue(campaign);
    await expect(page.locator('#give input[name=ref_code]')).toHaveValue('e2e');
    const before = await monthlyDonors(page);
    await page.locator('#donate-amount-2500').check();
    await page.locator('#donate-kind-monthly').check();
    await page.locator('#donate-email').fill(email);
    await page.waitForTimeout(2_500);
    await page.locator('#give button[type=submit]').click();
    await page.waitForURL('**/pay/**');
    await expect(page.locator('#amount')).toHaveText('25.00 EUR every month');
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.waitForURL(`**${prefix}/funds/${fund}/thanks`);
    // The fund's page counts one more monthly donor.
    await open(page, testInfo, `${prefix}/funds/${fund}`);
    await expect.poll(() => monthlyDonors(page.reload().then(() => page))).toBe(before + 1);

    // The receipt says it is monthly and carries the donor's own link.
    const receipt = await mailTo(page, email);
    expect(receipt).toContain(lang === 'en' ? 'every month until you cancel' : 'каждый месяц, пока вы не отмените');
    const link = receipt.match(/https?:\/\/\S+\/donations\/manage\?token=\S+/);
    expect(link, receipt).not.toBeNull();
    const path = new URL(link![0]).pathname + new URL(link![0]).search;
    await open(page, testInfo, path);
    await expect(page.locator('main')).toContainText(lang === 'en' ? 'every month' : 'в месяц');
    await checkA11y(page, testInfo);
    await snap(page, testInfo, `gift-manage-${lang}`);
    const stop = lang === 'en' ? 'Stop my monthly gift' : 'Остановить ежемесячное пожертвование';
    await page.getByRole('button', { name: stop }).click();
    await page.waitForURL(/done=stopped/);
    await hydrated(page, testInfo);
    await expect(page.locator('main')).toContainText(
      lang === 'en' ? 'Your monthly gift is stopped' : 'Ежемесячное пожертвование остановлено',
    );
    await expect(page.getByRole('button', { name: stop })).toHaveCount(0);
    await checkA11y(page, testInfo);
  });
}

test('an admin records money paid out and the public ledger balance changes', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  // The ledger's figures (Stripe's fees for earlier gifts may still be arriving, so the balance
  // is checked against its own parts, and the money out against what was entered).
  const ledger = async () => {
    const res = await page.request.get(`/funds/${fund}/ledger.json`);
    return (await res.json()).totals as { net: number; spent: number; balance: number };
  };
  const before = await ledger();
  // An admin of its own: the sign-in specs take the newest email to e2e-admin.
  await signIn(page, testInfo, `e2e-treasurer-${testInfo.project.name}@example.org`);
  await open(page, testInfo, '/en/admin');
  await page.getByRole('link', { name: 'Funds' }).click();
  await page.waitForURL('**/en/admin/funds');
  await hydrated(page, testInfo);
  await page.getByRole('link', { name: 'Legal aid for exiles' }).click();
  await page.waitForURL(`**/en/admin/funds/${fund}`);
  await hydrated(page, testInfo);
  await expect(page.locator('h1')).toHaveText('Legal aid for exiles');
  await checkA11y(page, testInfo);
  const description = `Court interpreter, hearing ${testInfo.project.name} ${Date.now()}`;
  // A mistake first: the amount is explained by the field and nothing is recorded.
  await page.locator('#disburse-amount').fill('a lot');
  await page.locator('#disburse-description').fill(description);
  await page.getByRole('button', { name: 'Record the payment' }).click();
  await expect(page.locator('#disburse-amount-error')).toContainText('Enter the amount as a number');
  await expect(page.locator('#disburse-description')).toHaveValue(description);
  await page.locator('#disburse-amount').fill('180.40');
  await page.locator('#disburse-category').selectOption('translation');
  await page.getByRole('button', { name: 'Record the payment' }).click();
  await expect(page.locator('main')).toContainText(description);
  await snap(page, testInfo, 'fund-admin');
  // The public ledger shows it: 180.40 more spent, and the balance is the net less all spent.
  const after = await ledger();
  expect(after.spent - before.spent).toBe(18040);
  expect(after.balance).toBe(after.net - after.spent);
  await open(page, testInfo, `/en/funds/${fund}`);
  await expect(page.locator('main')).toContainText(description);
  await expect(page.locator('section.progress')).toContainText('Balance:');
});
