// Screenshots for a person to look at (not a test): node shots.mjs BASE OUTDIR
import { chromium } from '@playwright/test';
const [base, out] = process.argv.slice(2);
const pages = (process.env.PAGES || '/en/').split(',');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
for (const js of [true, false]) {
  for (const width of [1280, 360]) {
    const ctx = await browser.newContext({ baseURL: base, javaScriptEnabled: js, viewport: { width, height: width === 360 ? 740 : 900 } });
    if (process.env.COOKIE) await ctx.addCookies([{ name: process.env.COOKIE.split('=')[0], value: process.env.COOKIE.split('=').slice(1).join('='), url: base }]);
    const page = await ctx.newPage();
    for (const p of pages) {
      await page.goto(p);
      if (js) await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true').catch(() => {});
      const name = `${p.replace(/[^a-z0-9]+/gi, '_')}-${width}-${js ? 'js' : 'nojs'}.png`;
      await page.screenshot({ path: `${out}/${name}`, fullPage: true });
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      console.log(name, 'scrollWidth', w);
    }
    await ctx.close();
  }
}
await browser.close();
