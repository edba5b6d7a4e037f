// The console in a real browser: Debian's chromium driven by playwright-core (no browser download), against
// a running platform. Run by e2e-tests' ConsoleIT, which starts the platform and passes:
//   ENGRAM_GATEWAY_URL   the gateway (serves the console at /)
//   ENGRAM_API_KEY       a tenant key with read and write
//   ENGRAM_ADMIN_KEY     the platform admin key
//   ENGRAM_TENANT        the tenant of ENGRAM_API_KEY
//   ENGRAM_LIMITED_KEY   a key of a tenant whose rate limit is tiny (for the 429 message)
//   ENGRAM_CHROMIUM      the chromium binary (default /usr/bin/chromium)
//   ENGRAM_SCREENSHOTS   where screenshots go (a build folder)
// Prints one line per step and a last JSON line; exits 1 on the first failed step.
import { chromium } from 'playwright-core';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

const base = required('ENGRAM_GATEWAY_URL').replace(/\/$/, '');
const apiKey = required('ENGRAM_API_KEY');
const adminKey = required('ENGRAM_ADMIN_KEY');
const tenant = required('ENGRAM_TENANT');
const limitedKey = required('ENGRAM_LIMITED_KEY');
const shots = process.env.ENGRAM_SCREENSHOTS ?? 'target/console-screenshots';
const executablePath = process.env.ENGRAM_CHROMIUM ?? '/usr/bin/chromium';
const STEP_MS = 60_000;

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`set ${name}`);
    process.exit(2);
  }
  return value;
}

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

/** Console errors and uncaught exceptions, except the failed requests a step provokes on purpose. */
const errors = [];
let expectedStatuses = new Set();
const steps = [];

function watch(page) {
  page.on('console', (msg) => {
    if (msg.type() !== 'error') {
      return;
    }
    const status = /status of (\d{3})/.exec(msg.text());
    if (status && expectedStatuses.has(Number(status[1]))) {
      return;
    }
    errors.push(msg.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
}

async function step(name, action) {
  const started = Date.now();
  await action();
  steps.push({ name, ms: Date.now() - started });
  console.log(`ok ${name} (${Date.now() - started} ms)`);
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

async function tab(page, id) {
  await page.click(`#tab-${id}`);
  await page.waitForSelector(`#${id}:not([hidden])`);
}

/**
 * Every control of the visible page must be reachable with Tab: marks the visible, enabled, tabbable
 * controls, presses Tab until focus has gone round, and names those never focused.
 */
async function keyboardSweep(page, label) {
  const count = await page.evaluate(() => {
    const selector = 'a[href], button, input, select, textarea, summary, [tabindex]';
    let n = 0;
    for (const node of document.querySelectorAll(selector)) {
      node.removeAttribute('data-kb');
      const visible = node.getClientRects().length > 0 && getComputedStyle(node).visibility !== 'hidden';
      const tabbable = !node.disabled && node.tabIndex >= 0 && !(node.type === 'radio' && !node.checked);
      if (visible && tabbable) {
        node.setAttribute('data-kb', String(n++));
      }
    }
    document.activeElement?.blur?.();
    window.scrollTo(0, 0);
    return n;
  });
  const reached = new Set();
  for (let i = 0; i < count + 15 && reached.size < count; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => document.activeElement?.getAttribute('data-kb') ?? null);
    if (id !== null) {
      reached.add(id);
    }
  }
  const missed = await page.evaluate((got) => Array.from(document.querySelectorAll('[data-kb]'))
    .filter((n) => !got.includes(n.getAttribute('data-kb')))
    .map((n) => `${n.tagName.toLowerCase()}#${n.id || ''} "${(n.textContent || n.getAttribute('aria-label') || '').trim().slice(0, 30)}"`), [...reached]);
  check(missed.length === 0, `${label}: not reachable by Tab: ${missed.join(', ')}`);
  return count;
}

let current = null;

async function main() {
  await mkdir(shots, { recursive: true });
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(STEP_MS);
  const page = await context.newPage();
  current = page;
  watch(page);
  const collection = `handbook-${Date.now().toString(36)}`;
  const namespace = `people-${Date.now().toString(36)}`;

  await step('page loads without a key and asks for one', async () => {
    await page.goto(`${base}/`);
    await page.waitForSelector('#api-key');
    check((await page.textContent('#identity')).includes('paste a tenant API key'), 'the page asks for a key');
    await shot(page, 'desktop-00-start');
  });

  await step('a wrong key shows a clear message', async () => {
    expectedStatuses = new Set([401]);
    await page.fill('#api-key', 'egk_wrongkeyid_notasecret');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#banner:not([hidden])');
    const banner = await page.textContent('#banner');
    check(banner.includes('The key was not accepted') && banner.includes('wrong, expired or revoked'), `banner says why: ${banner}`);
    check((await page.textContent('#identity')).includes('Key rejected'), 'identity line says the key was rejected');
    check(await page.evaluate(() => sessionStorage.getItem('engram.console.key')) === null, 'a rejected key is not kept');
    check(!page.url().includes('egk_'), 'no key in the URL');
    await shot(page, 'desktop-01-wrong-key');
    expectedStatuses = new Set();
  });

  await step('paste a key', async () => {
    await page.fill('#api-key', apiKey);
    await page.click('#key-form button[type=submit]');
    await page.waitForFunction((t) => document.querySelector('#identity')?.textContent?.includes(`Tenant ${t}`), tenant);
    check(await page.isHidden('#banner'), 'the banner is cleared by a good key');
    check(await page.evaluate(() => sessionStorage.getItem('engram.console.key')) !== null, 'the key is kept in sessionStorage');
    check(await page.evaluate(() => localStorage.length) === 0, 'nothing in localStorage');
    check(!page.url().includes('egk_'), 'no key in the URL');
  });

  await step('create a collection', async () => {
    await page.fill('#new-collection-name', collection);
    await page.fill('#new-collection-model', 'all-minilm-l6-v2-q');
    await page.click('#create-collection button[type=submit]');
    await page.waitForFunction((c) => document.querySelector('#create-collection .status')?.textContent?.includes(`Created ${c}`), collection);
    await page.waitForSelector(`#collection-table th:text-is("${collection}")`);
  });

  await step('upload documents and watch the job finish, with its per-document error', async () => {
    await page.selectOption('#ingest-collection', collection);
    await page.setInputFiles('#ingest-files', [
      { name: 'deploys.md', mimeType: 'text/markdown', buffer: Buffer.from('# Deploys\n\nProduction deploys are frozen on Fridays. Hotfixes need approval from two reviewers.\n') },
      { name: 'oncall.txt', mimeType: 'text/plain', buffer: Buffer.from('The on-call engineer is paged through Opsgenie. Escalations go to the platform lead after 15 minutes.') },
      { name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) },
    ]);
    await page.click('#ingest button[type=submit]');
    await page.waitForSelector('#job-progress:not([hidden])');
    await page.waitForFunction(() => ['succeeded', 'failed', 'partial', 'completed_with_errors']
      .includes(document.querySelector('#ingest .status')?.dataset.state ?? ''), null, { timeout: 120_000 });
    const line = await page.textContent('#ingest .status');
    check(/2 of 3 done, 1 failed/.test(line), `job line counts the documents: ${line}`);
    const jobErrors = await page.textContent('#job-errors');
    check(jobErrors.includes('empty.txt') && jobErrors.includes('blank'), `the failed document is listed with why: ${jobErrors}`);
    check(await page.evaluate(() => document.querySelector('#job-progress').value) === 1, 'progress reached the end');
    await page.waitForFunction((c) => {
      const row = [...document.querySelectorAll('#collection-table tr')].find((r) => r.querySelector('th')?.textContent === c);
      return row && row.children[3].textContent === '2';
    }, collection);
    await shot(page, 'desktop-02-collections');
  });

  await step('ask: the answer streams in with clickable citations', async () => {
    await tab(page, 'ask');
    await page.fill('#question', 'Who approves hotfixes for production?');
    // count text arriving in the answer before the final event marks it done
    await page.evaluate(() => {
      const answer = document.querySelector('#answer-text');
      window.__streamed = 0;
      new MutationObserver((records) => {
        if (answer.dataset.done !== 'true') {
          window.__streamed += records.filter((r) => r.addedNodes.length > 0).length;
        }
      }).observe(answer, { childList: true });
    });
    await page.click('#ask-button');
    await page.waitForSelector('#answer-text[data-done="true"]', { timeout: 120_000 });
    check(await page.evaluate(() => window.__streamed) >= 1, 'tokens arrived before the final event');
    const stages = await page.textContent('#answer-stages');
    check(stages.includes('passage(s) retrieved') && stages.includes('citation(s)'), `stream events shown: ${stages}`);
    const answer = await page.textContent('#answer-text');
    check(/two reviewers/i.test(answer), `answer text: ${answer}`);
    const citations = await page.$$('#answer-citations button.citation');
    check(citations.length >= 1, 'at least one citation');
    await citations[0].click();
    await page.waitForSelector('#passage:not([hidden]) mark');
    const marked = await page.textContent('#passage mark');
    const passage = await page.textContent('#passage .passage-text');
    check(marked.length > 10 && passage.length >= marked.length, `the quoted span is marked in its passage: ${marked}`);
    check(await page.evaluate(() => document.activeElement?.id) === 'passage', 'focus moves to the opened passage');
    await shot(page, 'desktop-03-ask');
  });

  await step('how it was found: the retrieval plot', async () => {
    await tab(page, 'found');
    await page.waitForSelector('#found-body:not([hidden]) #rank-chart canvas');
    const headers = await page.$$eval('#found-grid thead th', (ths) => ths.map((t) => t.textContent));
    check(headers.includes('dense') && headers.includes('BM25') && headers.includes('fused'), `paths in the plot: ${headers}`);
    const rows = await page.$$eval('#found-grid tbody tr', (trs) => trs.length);
    check(rows >= 1, 'hits in the plot');
    const painted = await page.$eval('#rank-chart canvas', (c) => c.width > 0 && c.height > 0);
    check(painted, 'rank chart has a size');
    check((await page.textContent('#found-rewrites')).includes('strategy'), 'rewritten queries are listed');
    await shot(page, 'desktop-04-found');
    // a search alone is explained the same way
    await tab(page, 'ask');
    await page.fill('#question', 'Who is paged for on-call?');
    await page.click('#search-button');
    await page.waitForFunction(() => document.querySelector('#found-summary')?.textContent?.startsWith('Search for “Who is paged'));
    check(await page.isVisible('#found'), 'a search goes on to How it was found');
    const top = await page.textContent('#found-grid tbody tr th');
    check(top.includes('oncall'), `the on-call passage leads: ${top}`);
  });

  await step('stream memory events and see the superseded fact on the timeline', async () => {
    await tab(page, 'memory');
    await page.fill('#memory-namespace', namespace);
    await page.fill('#memory-focus', "Acme's CEO");
    await page.fill('#memory-events', "Acme's CEO is Jane Doe.");
    await page.click('#memory-stream');
    await page.waitForFunction(() => /Accepted 1/.test(document.querySelector('#memory-stream-form .status')?.textContent ?? ''));
    await page.fill('#memory-events', "Acme's CEO is John Smith.");
    await page.click('#memory-stream');
    await page.waitForFunction(() => /Accepted 1/.test(document.querySelector('#memory-stream-form .status')?.textContent ?? '')
      && document.querySelector('#memory-events').value === '');
    await page.waitForFunction(() => {
      const chain = document.querySelector('#memory-chains li.chain');
      return chain && /Jane Doe[\s\S]*John Smith/.test(chain.textContent);
    }, null, { timeout: 30_000 });
    const old = await page.textContent('#memory-chains li.chain button.old');
    check(old.includes('Jane Doe'), `the superseded fact is the old one: ${old}`);
    await page.waitForSelector('#memory-timeline canvas');
    check((await page.textContent('#memory-stats')).includes('Compression ratio'), 'store stats shown');
    await page.click('#memory-chains li.chain button.old');
    await page.waitForSelector('#memory-detail:not([hidden]) #memory-provenance li');
    const detail = await page.textContent('#memory-detail');
    check(/SUPERSEDED_BY/.test(detail) && detail.includes('superseded'), `the item shows its history: ${detail.slice(0, 200)}`);
    await shot(page, 'desktop-06-memory-item');
    await page.$eval('#memory-timeline', (n) => n.closest('figure').scrollIntoView());
    await shot(page, 'desktop-05-memory-timeline');
  });

  await step('a read the gateway leaves unanswered is sent again (keep-alive stall)', async () => {
    // the first recall is held as a stalled keep-alive connection would hold it; the console gives up on it after 8 s
    let seen = 0;
    await page.route('**/v1/memory/*/recall', (route) => {
      seen += 1;
      if (seen > 1) {
        return route.continue();
      }
      return new Promise(() => {});
    });
    await page.click('#memory-load');
    await page.waitForFunction(() => /item\(s\) shown/.test(document.querySelector('#memory-form .status')?.textContent ?? '')
      && document.querySelector('#memory-load')?.disabled === false, null, { timeout: 20_000 });
    check(seen === 2, `the recall was sent twice: ${seen}`);
    await page.unroute('**/v1/memory/*/recall');
  });

  await step('deep search with memory: rounds on a timeline, memory as a path, a memory citation', async () => {
    await tab(page, 'ask');
    await page.fill('#question', "Who is Acme's CEO?");
    await page.fill('#ask-namespace', namespace);
    await page.check('#mode-deep');
    await page.click('#ask-button');
    await page.waitForSelector('#answer-text[data-done="true"]', { timeout: 120_000 });
    const answer = await page.textContent('#answer-text');
    check(answer.includes('John Smith') && !answer.includes('Jane Doe'), `the current fact answers: ${answer}`);
    await page.click('#answer-citations button.citation');
    await page.waitForSelector('#passage:not([hidden]) mark');
    check((await page.textContent('#passage')).includes('memory item'), 'a memory citation opens its item');
    await tab(page, 'found');
    await page.waitForSelector('#deep-card:not([hidden]) #rounds-chart canvas');
    check(/Round 1/.test(await page.textContent('#found-rounds')), 'deep rounds listed');
    const headers = await page.$$eval('#found-grid thead th', (ths) => ths.map((t) => t.textContent));
    check(headers.includes('memory fused'), `memory is a path in the plot: ${headers}`);
    await page.$eval('#deep-card', (n) => n.scrollIntoView());
    await shot(page, 'desktop-09-deep-rounds');
  });

  await step('admin: rate limit set, a key shown once at creation, a revoked key gets a clear message', async () => {
    await tab(page, 'admin');
    await page.fill('#admin-key', adminKey);
    await page.click('#admin-use');
    await page.waitForSelector(`#tenants th:text-is("${tenant}")`);
    await page.click(`button[aria-label="Keys and limits of ${tenant}"]`);
    await page.waitForSelector('#tenant-panel:not([hidden]) #tenant-keys tbody tr');
    await page.fill('#key-name', 'console-test');
    await page.click('#key-form-admin button[type=submit]');
    await page.waitForSelector('#new-key-secret:not([hidden]) code');
    const secret = (await page.textContent('#new-key-secret code')).trim();
    check(/^egk_/.test(secret), 'the new key is shown');
    await shot(page, 'desktop-07-admin');
    await page.fill('#limit-rps', '900');
    await page.fill('#limit-burst', '1800');
    await page.click('#limit-form button[type=submit]');
    await page.waitForFunction((t) => {
      const row = [...document.querySelectorAll('#tenants tbody tr')].find((r) => r.querySelector('th')?.textContent === t);
      return row?.textContent?.includes('900/s, burst 1800');
    }, tenant);
    await page.click('#new-key-secret button:text-is("Done, hide it")');
    check(await page.isHidden('#new-key-secret'), 'the secret can be hidden');
    const keyId = secret.split('_')[1];
    await page.click(`button[aria-label="Revoke key ${keyId}"]`);
    await page.waitForFunction((id) => document.querySelector('#tenant-panel .status')?.textContent?.includes(`Key ${id} revoked`), keyId);
    expectedStatuses = new Set([401]);
    await page.fill('#api-key', secret);
    await page.click('#key-form button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#banner')?.textContent?.includes('The key was not accepted'));
    // nothing of the tenant stays on the page once its key is gone
    check(await page.$('#collection-table') === null, 'collections cleared');
    check(await page.isHidden('#found-body') && (await page.textContent('#memory-chains')) === '', 'answers and memory cleared');
    expectedStatuses = new Set();
  });

  await step('a 429 says when to retry', async () => {
    expectedStatuses = new Set([429]);
    await page.fill('#api-key', limitedKey);
    await page.click('#key-form button[type=submit]');
    await tab(page, 'collections');
    for (let i = 0; i < 10; i++) {
      if ((await page.textContent('#banner')).includes('Too many requests')) {
        break;
      }
      await page.click('#collections .section-head button');
      await page.waitForTimeout(100);
    }
    const banner = await page.textContent('#banner');
    check(/Too many requests\. (Retry in \d+ s|You can retry now)/.test(banner), `banner says when to retry: ${banner}`);
    await shot(page, 'desktop-08-rate-limited');
    expectedStatuses = new Set();
  });

  await step('every control is reachable by keyboard', async () => {
    await page.fill('#api-key', apiKey);
    await page.click('#key-form button[type=submit]');
    await page.waitForFunction((t) => document.querySelector('#identity')?.textContent?.includes(`Tenant ${t}`), tenant);
    let controls = 0;
    for (const id of ['collections', 'ask', 'found', 'memory', 'admin']) {
      await tab(page, id);
      controls += await keyboardSweep(page, id);
    }
    // the tabs follow the ARIA pattern: one in the Tab order, arrow keys move between them
    await page.focus('#tab-collections');
    await page.keyboard.press('ArrowRight');
    check(await page.evaluate(() => document.activeElement?.id) === 'tab-ask' && await page.isVisible('#ask'), 'arrow keys switch sections');
    await page.keyboard.press('End');
    check(await page.evaluate(() => document.activeElement?.id) === 'tab-admin', 'End goes to the last section');
    console.log(`  ${controls} controls reached by Tab`);
  });

  await step('delete a collection (a second press confirms)', async () => {
    await tab(page, 'collections');
    const victim = `scratch-${Date.now().toString(36)}`;
    await page.fill('#new-collection-name', victim);
    await page.fill('#new-collection-model', 'none');
    await page.click('#create-collection button[type=submit]');
    await page.waitForSelector(`#collection-table th:text-is("${victim}")`);
    const remove = `button[aria-label="Delete collection ${victim}"]`;
    await page.click(remove);
    check((await page.textContent(remove)) === 'Confirm delete', 'the first press asks to confirm');
    await page.click(remove);
    await page.waitForSelector(`#collection-table th:text-is("${victim}")`, { state: 'detached' });
    check(await page.isVisible(`#collection-table th:text-is("${collection}")`), 'the other collection stays');
  });

  await step('phone-sized screenshots', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const small = await phone.newPage();
    current = small;
    watch(small);
    await small.goto(`${base}/`);
    await small.fill('#api-key', apiKey);
    await small.click('#key-form button[type=submit]');
    await small.waitForFunction((t) => document.querySelector('#identity')?.textContent?.includes(`Tenant ${t}`), tenant);
    await small.waitForSelector(`#collection-table th:text-is("${collection}")`);
    await shot(small, 'phone-01-collections');
    await tab(small, 'ask');
    await small.fill('#question', 'Who is paged for on-call?');
    await small.check(`#ask-collections input[value="${collection}"]`);
    await small.click('#ask-button');
    await small.waitForSelector('#answer-text[data-done="true"]', { timeout: 120_000 });
    await small.click('#answer-citations button.citation');
    await small.waitForSelector('#passage:not([hidden]) mark');
    await shot(small, 'phone-02-ask');
    await tab(small, 'found');
    await small.waitForSelector('#rank-chart canvas');
    await shot(small, 'phone-03-found');
    await tab(small, 'memory');
    await small.fill('#memory-namespace', namespace);
    await small.fill('#memory-focus', "Acme's CEO");
    await small.click('#memory-load');
    await small.waitForSelector('#memory-chains li.chain');
    await small.$eval('#memory-timeline', (n) => n.scrollIntoView());
    await shot(small, 'phone-04-memory');
    await phone.close();
  });

  await browser.close();
  check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  console.log(JSON.stringify({ ok: true, steps, screenshots: shots }));
}

main().catch(async (error) => {
  console.error(`FAILED: ${error.stack ?? error}`);
  await current?.screenshot({ path: path.join(shots, 'failure.png'), fullPage: true }).catch(() => {});
  const said = await current?.evaluate(() => [...document.querySelectorAll('#banner, .status')]
    .map((n) => `${n.closest('[role=tabpanel]')?.id ?? 'page'}: ${n.textContent}`).filter((t) => !t.endsWith(': '))).catch(() => []);
  console.error(`the page said: ${JSON.stringify(said)}`);
  if (errors.length) {
    console.error(`console errors: ${errors.join(' | ')}`);
  }
  process.exit(1);
});
