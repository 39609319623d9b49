// Every page, every build: it loads cleanly under its Content-Security-Policy, renders its math
// and listings, and links and searches.
import { createHash } from 'node:crypto';
import { assert, pageHtml, sleep, test } from './harness.mjs';

/** Tokens to hover in a page's listings, and text their popup must show. */
const hovers = [
  { page: '/foundations/machinery/', token: 'logSumExp', signature: 'function logSumExp(z: Float64Array' },
  { page: '/phase-1/rnn/', token: 'softmaxCrossEntropy', signature: 'function softmaxCrossEntropy(p: Float64Array' },
  { page: '/phase-1/lstm/', token: 'sigmoidEach', signature: 'function sigmoidEach(v: Float64Array, from: number, to: number): void' },
  { page: '/phase-1/gru/', token: 'affineLeft', signature: 'function affineLeft(' },
];

/** The policy of a built page's <meta http-equiv="content-security-policy">, by directive; null if it has none. */
export function policyOf(html) {
  const meta = /<meta http-equiv="content-security-policy" content="([^"]*)"/i.exec(html);
  if (!meta) return null;
  const policy = new Map();
  for (const directive of meta[1].split(';')) {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (name) policy.set(name, sources);
  }
  return policy;
}

export async function siteChecks({ context, base, pages, chapters }) {
  await test('every page has a Content-Security-Policy with no unsafe-eval and no unsafe-inline script, that allows each of its inline scripts by hash', () => {
    const problems = [];
    let inline = 0;
    for (const path of pages) {
      const html = pageHtml(path);
      const policy = policyOf(html);
      if (!policy) {
        problems.push(`${path}: no <meta http-equiv="content-security-policy">`);
        continue;
      }
      const scripts = policy.get('script-src') ?? [];
      const everything = [...policy.values()].flat();
      if (everything.includes("'unsafe-eval'")) problems.push(`${path}: allows 'unsafe-eval'`);
      if (!policy.has('script-src') || scripts.includes("'unsafe-inline'") || scripts.includes('*')) problems.push(`${path}: script-src is ${scripts.join(' ') || 'missing'}`);
      if (policy.get('default-src')?.join(' ') !== "'self'") problems.push(`${path}: default-src is ${policy.get('default-src')?.join(' ')}`);
      if (policy.get('object-src')?.join(' ') !== "'none'") problems.push(`${path}: object-src is ${policy.get('object-src')?.join(' ')}`);
      for (const [, attributes, body] of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/g)) {
        if (/\ssrc=/.test(attributes ?? '')) continue;
        inline++;
        const hash = `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`;
        if (!scripts.includes(hash)) problems.push(`${path}: the inline script "${body.trim().slice(0, 60)}…" is not allowed (${hash})`);
      }
    }
    assert(problems.length === 0, problems.join('\n'));
    return `${pages.length} pages, ${inline} inline scripts, each allowed by its hash`;
  });

  for (const path of pages) {
    await test(`${path} loads without console errors, warnings, failed requests or CSP violations`, async () => {
      const page = await context.newPage();
      const problems = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text().slice(0, 300)}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
      page.on('response', (r) => {
        if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
      });
      await page.goto(base + path, { waitUntil: 'networkidle' });
      // Scroll through the page so that lazily loaded parts (the widget) load too.
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForLoadState('networkidle');
      await sleep(300);
      const csp = await page.locator('meta[http-equiv="content-security-policy"]').count();
      problems.push(...(await page.evaluate(() => window.__csp)).map((v) => `CSP violation: ${v}`));
      await page.close();
      assert(csp === 1, `${csp} CSP meta elements in the page`);
      assert(problems.length === 0, problems.join('\n'));
    });
  }

  for (const path of chapters) {
    await test(`${path} renders KaTeX with its CSS and a numbered equation`, async () => {
      const page = await context.newPage();
      await page.goto(base + path);
      const katex = await page.locator('.katex').count();
      assert(katex > 0, 'no .katex element');
      const position = await page.locator('.katex-mathml').first().evaluate((e) => getComputedStyle(e).position);
      assert(position === 'absolute', `.katex-mathml is position: ${position}, so the KaTeX CSS is missing`);
      const tag = page.locator('.equation .katex-display .tag').first();
      assert((await tag.count()) > 0, 'no numbered display equation (.equation .tag)');
      assert(await tag.isVisible(), 'the first equation number is not visible');
      const text = (await tag.textContent()).trim();
      assert(/^\(\d+\.\d+\)$/.test(text), `equation number reads "${text}"`);
      await page.close();
      return `${katex} .katex, first tag ${text}`;
    });
  }

  for (const { page: path, token, signature } of hovers.filter((h) => chapters.includes(h.page))) {
    await test(`${path}: hovering \`${token}\` in a listing shows its type`, async () => {
      const page = await context.newPage();
      await page.goto(base + path);
      const hover = page
        .locator('.listing .twoslash-hover', { has: page.locator('.twoslash-popup-code', { hasText: signature }) })
        .first();
      assert((await hover.count()) > 0, `no listing token with the popup "${signature}…"`);
      await hover.scrollIntoViewIfNeeded();
      const popup = hover.locator('.twoslash-popup-container');
      assert(!(await popup.isVisible()), 'the popup is visible before hovering');
      const box = await hover.boundingBox();
      // locator.hover() is refused: the popup inside the token "intercepts pointer events".
      await page.mouse.move(box.x + Math.min(box.width / 2, 8), box.y + box.height / 2);
      await popup.waitFor({ state: 'visible', timeout: 2000 });
      const text = await popup.innerText();
      assert(text.includes(signature), `popup reads "${text.slice(0, 120)}"`);
      await page.close();
    });
  }

  await test('every chapter is in the sidebar, and chapters link to the previous and next page', async () => {
    const page = await context.newPage();
    await page.goto(base + chapters[0]);
    const sidebar = await page.locator('#starlight__sidebar a').evaluateAll((links) => links.map((a) => a.pathname));
    const missing = chapters.filter((path) => !sidebar.includes(path));
    assert(missing.length === 0, `not in the sidebar: ${missing.join(', ')}`);
    for (const path of chapters) {
      await page.goto(base + path);
      const pager = await page.locator('.pagination-links a').count();
      assert(pager >= 1, `${path} has no previous/next link`);
    }
    await page.close();
  });

  await test('every internal link and anchor on every page resolves', async () => {
    const page = await context.newPage();
    const broken = [];
    const ids = new Map();
    const idsOf = async (path) => {
      if (!ids.has(path)) {
        const response = await page.goto(base + path);
        ids.set(path, response?.ok() ? await page.locator('[id]').evaluateAll((els) => els.map((e) => e.id)) : null);
      }
      return ids.get(path);
    };
    let checked = 0;
    for (const from of pages) {
      await page.goto(base + from);
      const hrefs = await page.locator('main a[href]').evaluateAll((links) => links.map((a) => a.href));
      for (const href of new Set(hrefs)) {
        const url = new URL(href);
        if (url.origin !== base) continue;
        checked++;
        const targetIds = await idsOf(url.pathname);
        if (targetIds === null) broken.push(`${from} → ${url.pathname} (page missing)`);
        else if (url.hash && !targetIds.includes(decodeURIComponent(url.hash.slice(1)))) broken.push(`${from} → ${url.pathname}${url.hash}`);
      }
    }
    await page.close();
    assert(broken.length === 0, `broken links:\n${broken.join('\n')}`);
    return `${checked} links checked`;
  });

  await test('an equation reference, followed, brings its equation to the top of the window', async () => {
    const page = await context.newPage();
    await page.goto(base + chapters.at(-1));
    // The last equation link on the page, so that the jump is long and crosses most of the chapter.
    const link = page.locator('main a[href^="#eq-"]:visible').last();
    const id = (await link.getAttribute('href')).slice(1);
    await link.scrollIntoViewIfNeeded();
    await link.click();
    await sleep(500);
    const top = await page.evaluate((target) => document.getElementById(target).getBoundingClientRect().top, id);
    await page.close();
    assert(top >= 0 && top < 200, `#${id} is at ${Math.round(top)} px from the top of the window`);
    return `#${id} at ${Math.round(top)} px`;
  });

  await test('search finds the vanilla RNN chapter, under the CSP', async () => {
    const page = await context.newPage();
    await page.goto(base + '/');
    await page.getByRole('button', { name: 'Search' }).first().click();
    await page.locator('dialog[open] input').fill('Elman');
    const result = page.locator('dialog[open] a[href*="/phase-1/rnn/"]').first();
    await result.waitFor({ timeout: 10_000 });
    const violations = await page.evaluate(() => window.__csp);
    await page.close();
    assert(violations.length === 0, `CSP violations:\n${violations.join('\n')}`);
  });
}
