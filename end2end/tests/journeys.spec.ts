import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { checkA11y, hydrated, noThirdPartyRequests, snap } from './helpers';

// People start where they start: at the home page, from a link someone shared without a
// language prefix, or from a prefixed one; in a browser that asks for English or Russian, or
// with the language they chose before remembered in a cookie. Whatever the entry, the journey
// reaches its page in one language (never "Page not found"), with JavaScript on and off. The
// other specs mostly start under /en/ or /ru/, which once hid a 404 after signing with
// JavaScript on for everyone who came in through the home page.

const petition = 'protect-russian-anti-war-exiles';
const letters = 'e2e-write-to-your-mp';

type Entry = {
  name: string;
  start: string;
  acceptLanguage: string;
  cookie?: 'en' | 'ru';
  /** Follow the home page's link to the campaign instead of opening it directly. */
  viaHome?: boolean;
  lang: 'en' | 'ru';
};

const entries: Entry[] = [
  { name: 'the home page, English browser', start: '/', acceptLanguage: 'en-GB,en;q=0.9', viaHome: true, lang: 'en' },
  { name: 'the home page, Russian browser', start: '/', acceptLanguage: 'ru-RU,ru;q=0.9', viaHome: true, lang: 'ru' },
  { name: 'a shared link without prefix', start: `/campaigns/${petition}`, acceptLanguage: 'en-GB,en;q=0.9', lang: 'en' },
  { name: 'a shared link without prefix, Russian chosen before', start: `/campaigns/${petition}`, acceptLanguage: 'en', cookie: 'ru', lang: 'ru' },
  { name: 'an /en/ link in a Russian browser', start: `/en/campaigns/${petition}`, acceptLanguage: 'ru', lang: 'en' },
  { name: 'a /ru/ link in an English browser', start: `/ru/campaigns/${petition}`, acceptLanguage: 'en', lang: 'ru' },
];

const notFound = /Page not found|Страница не найдена/;

async function visitor(browser: Browser, testInfo: TestInfo, entry: Entry): Promise<Page> {
  const use = testInfo.project.use;
  const context = await browser.newContext({
    baseURL: use.baseURL,
    javaScriptEnabled: use.javaScriptEnabled,
    locale: entry.lang === 'ru' ? 'ru-RU' : 'en-GB',
    extraHTTPHeaders: { 'Accept-Language': entry.acceptLanguage },
  });
  if (entry.cookie) {
    await context.addCookies([{ name: 'petrel_lang', value: entry.cookie, url: use.baseURL! }]);
  }
  return context.newPage();
}

async function arrive(page: Page, testInfo: TestInfo, entry: Entry, slug: string): Promise<void> {
  const start = entry.start.replace(petition, slug);
  await page.goto(start);
  await hydrated(page, testInfo);
  await expect(page.locator('html')).toHaveAttribute('lang', entry.lang);
  if (entry.viaHome) {
    await page.locator(`main a[href$="/campaigns/${slug}"]`).first().click();
  }
  await page.waitForURL(`**/${entry.lang}/campaigns/${slug}`);
  await hydrated(page, testInfo);
  await expect(page.locator('h1')).not.toHaveText(notFound);
}

for (const entry of entries) {
  test(`signing from ${entry.name}`, async ({ browser }, testInfo) => {
    test.setTimeout(60_000);
    const page = await visitor(browser, testInfo, entry);
    const done = noThirdPartyRequests(page);
    await arrive(page, testInfo, entry, petition);
    const email = `journey-${testInfo.project.name}-${entries.indexOf(entry)}-${Date.now()}@example.org`;
    await page.locator('#sign-name').fill('Journey Signer');
    await page.locator('#sign-email').fill(email);
    await page.locator('#sign-email').blur();
    await page.locator('#sign-country').selectOption('DE');
    await page.waitForTimeout(2_200);
    await page.locator('form.form button[type=submit]').click();
    await page.waitForURL(`**/${entry.lang}/campaigns/${petition}/signed`);
    await hydrated(page, testInfo);
    await expect(page.locator('h1')).toHaveText(entry.lang === 'ru' ? 'Проверьте почту' : 'Check your email');
    await expect(page.locator('html')).toHaveAttribute('lang', entry.lang);
    await checkA11y(page, testInfo);
    // Onward from there, still in one language: back to the campaign, then home.
    await page.locator('main a[href$=\'/campaigns/' + petition + '\']').first().click();
    await page.waitForURL(`**/${entry.lang}/campaigns/${petition}`);
    await expect(page.locator('h1')).not.toHaveText(notFound);
    done();
    await page.context().close();
  });
}

for (const entry of [entries[0], entries[3]]) {
  test(`writing a letter from ${entry.name}`, async ({ browser }, testInfo) => {
    test.setTimeout(60_000);
    const page = await visitor(browser, testInfo, entry);
    await arrive(page, testInfo, entry, letters);
    await page.locator('#write-postcode').fill('SL4 1AA');
    await page.locator('#write-postcode').press('Enter');
    await page.waitForURL(`**/${entry.lang}/campaigns/${letters}/write?**`);
    await hydrated(page, testInfo);
    await expect(page.locator('.recipients')).toContainText('Adam Afriyie');
    await page.locator('#letter-name').fill('Journey Writer');
    await page.locator('#letter-email').fill(`journey-writer-${testInfo.project.name}-${Date.now()}@example.org`);
    await page.locator('#letter-town').fill('Windsor');
    await page.waitForTimeout(2_200);
    await page.locator('#letter-town').press('Enter');
    await page.waitForURL(`**/${entry.lang}/letters/preview?token=**`);
    await hydrated(page, testInfo);
    await expect(page.locator('h1')).not.toHaveText(notFound);
    await expect(page.locator('.letter-preview')).toContainText('Journey Writer');
    await snap(page, testInfo, `journey-letter-preview-${entry.lang}`);
    await page.context().close();
  });
}
