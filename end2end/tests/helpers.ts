import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type Response, type TestInfo } from '@playwright/test';

/** True in the project that runs with JavaScript (and so hydration) on. */
export function jsOn(testInfo: TestInfo): boolean {
  return testInfo.project.name === 'js-on';
}

/** In the js-on project, waits until the app has hydrated (`<html data-hydrated="true">`). */
export async function hydrated(page: Page, testInfo: TestInfo): Promise<void> {
  if (jsOn(testInfo)) {
    await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
  }
}

/** Navigates to `path` and, in the js-on project, waits for hydration. */
export async function open(page: Page, testInfo: TestInfo, path: string): Promise<Response> {
  const response = await page.goto(path);
  expect(response, `no response for ${path}`).not.toBeNull();
  await hydrated(page, testInfo);
  return response!;
}

/**
 * Runs axe on the current page and expects no violations at all.
 *
 * axe runs inside the page, which a JavaScript-disabled context forbids. In
 * the js-off project the current DOM is therefore copied into a scratch page
 * of a JavaScript-enabled context, served from the same URL with a
 * `script-src 'none'` policy so none of the page's own scripts run; styles and
 * images still come from the server, so contrast checks stay meaningful.
 */
export async function checkA11y(page: Page, testInfo: TestInfo): Promise<void> {
  if (jsOn(testInfo)) {
    await runAxe(page, page, testInfo);
    return;
  }
  const url = page.url();
  const html = await page.content();
  const context = await page.context().browser()!.newContext({
    baseURL: testInfo.project.use.baseURL,
    locale: testInfo.project.use.locale,
    viewport: page.viewportSize(),
    javaScriptEnabled: true,
  });
  try {
    const scratch = await context.newPage();
    await scratch.route((u) => u.href === url, (route) =>
      route.request().isNavigationRequest()
        ? route.fulfill({
            status: 200,
            contentType: 'text/html; charset=utf-8',
            headers: { 'content-security-policy': "script-src 'none'" },
            body: html,
          })
        : route.continue(),
    );
    await scratch.goto(url);
    await runAxe(scratch, page, testInfo);
  } finally {
    await context.close();
  }
}

async function runAxe(target: Page, page: Page, testInfo: TestInfo): Promise<void> {
  const results = await new AxeBuilder({ page: target }).analyze();
  const violations = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
  if (violations.length > 0) {
    await testInfo.attach('axe-violations.json', {
      body: JSON.stringify(results.violations, null, 2),
      contentType: 'application/json',
    });
    for (const v of violations) {
      console.log(`axe ${v.id} (${v.impact}) on ${page.url()}: ${v.help}\n  ${v.targets.join('\n  ')}`);
    }
  }
  expect(violations, `axe violations on ${page.url()}`).toEqual([]);
}

/**
 * Records every request made in the page's browser context from now on.
 * Call the returned function at the end of the test: it asserts that each
 * request went to the baseURL's origin (data: and blob: URLs are allowed).
 */
export function noThirdPartyRequests(page: Page): () => void {
  const baseURL = test.info().project.use.baseURL ?? 'http://127.0.0.1:3000';
  const origin = new URL(baseURL).origin;
  const urls: string[] = [];
  page.context().on('request', (request) => urls.push(request.url()));
  return () => {
    const foreign = urls.filter((u) => {
      const url = new URL(u);
      return url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== origin;
    });
    expect(foreign, `requests to origins other than ${origin}`).toEqual([]);
  };
}

/** Attaches full-page screenshots of the current page at 1280 px and 360 px width. */
export async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const original = page.viewportSize();
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 800 });
    await testInfo.attach(`${name}-${width}px.png`, {
      body: await page.screenshot({ fullPage: true }),
      contentType: 'image/png',
    });
  }
  if (original) await page.setViewportSize(original);
}

/** Path of an href, resolved against the page's current URL. */
export function pathOf(href: string, page: Page): string {
  return new URL(href, page.url()).pathname;
}

/**
 * The text of the newest message to `to` in the development mailbox that contains `containing`,
 * leaving out the texts in `seen` (messages read before: the worker sends a new one a moment
 * after the request).
 */
export async function mailTo(page: Page, to: string, seen: string[] = [], containing = ''): Promise<string> {
  for (let attempt = 0; attempt < 40; attempt++) {
    await page.goto('/dev/mailbox');
    const links = page.locator('main table a');
    const hrefs: string[] = [];
    for (let i = 0; i < (await links.count()); i++) hrefs.push((await links.nth(i).getAttribute('href')) ?? '');
    for (const href of hrefs) {
      await page.goto(href);
      const raw = (await page.locator('pre.mail').nth(1).textContent()) ?? '';
      if (!raw.includes(to)) continue;
      const text = (await page.locator('pre.mail').first().textContent()) ?? '';
      if (!seen.includes(text) && text.includes(containing)) return text;
    }
    await page.waitForTimeout(500);
  }
  throw new Error(`no new mail to ${to}`);
}

/** Sign-in emails already used, so that a second sign-in waits for its own. */
const used: string[] = [];

/** Signs in with an emailed link (petrel.sh creates the accounts before the server starts). */
export async function signIn(page: Page, testInfo: TestInfo, email: string): Promise<void> {
  await open(page, testInfo, '/en/login');
  await page.locator('#login-email').fill(email);
  await page.locator('form.form button[type=submit]').click();
  await page.waitForURL('**/en/login/sent');
  const mail = await mailTo(page, email, used);
  used.push(mail);
  const link = mail.split(/\s+/).find((w) => w.includes('/login/link?token='));
  expect(link, 'sign-in link').toBeTruthy();
  await open(page, testInfo, new URL(link!).pathname + new URL(link!).search);
  await page.locator('main form button[type=submit]').click();
  await page.waitForURL('**/en/admin');
  await hydrated(page, testInfo);
}
