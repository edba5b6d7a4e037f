// Diagnostic, not run by CI: shows the gateway's keep-alive stall. Each round opens a fresh browser context,
// pastes a key and loads a memory namespace (a GET and a POST at once). Now and then the gateway (Reactor
// Netty 1.3.6, also 1.3.7) leaves a request unread on a reused keep-alive connection: its bytes wait in the
// socket's receive queue (ss -tn "( sport = :PORT )" shows Recv-Q > 0) until the client closes, when the
// access log prints it with "(client went away)". The console sends such a read again after 8 s
// (src/api.ts), so a stalled round shows up here as a load slower than 5 s.
//   ENGRAM_GATEWAY_URL=... ENGRAM_API_KEY=... NS=<namespace> N=30 node test/keepalive-stall.mjs
import { chromium } from 'playwright-core';
const base = process.env.ENGRAM_GATEWAY_URL, key = process.env.ENGRAM_API_KEY, ns = process.env.NS;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
let stalls = 0;
for (let i = 0; i < Number(process.env.N ?? 20); i++) {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.log(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
  await page.goto(`${base}/`);
  await page.fill('#api-key', key);
  await page.click('#key-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#identity')?.textContent?.includes('Tenant'));
  await page.click('#tab-memory');
  await page.fill('#memory-namespace', ns);
  await page.fill('#memory-focus', "Acme's CEO");
  const t = Date.now();
  await page.click('#memory-load');
  await page.waitForFunction(() => /item\(s\) shown/.test(document.querySelector('#memory-form .status')?.textContent ?? ''), null, { timeout: 30000 });
  if (Date.now() - t > 5000) {
    stalls++;
    console.log(`round ${i}: stalled, loaded after ${Date.now() - t} ms`);
  }
  await ctx.close();
}
console.log(`${stalls} of ${process.env.N ?? 20} rounds stalled`);
await browser.close();
