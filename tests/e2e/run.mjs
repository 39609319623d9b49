// Browser tests of the built site: what a reader sees. Run `npm run build` first, then
// `npm run test:e2e`. Serves dist/ with `astro preview`, drives the system Chromium through
// playwright-core, prints one line per test and ends with "N passed, N failed".
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join, sep } from 'node:path';
import { chromium } from 'playwright-core';

const root = new URL('../../', import.meta.url).pathname;
const dist = join(root, 'dist');
const contentDir = join(root, 'content');
const shots = join(root, 'test-results');

/** URL path of every page in dist/ (each is a folder with an index.html). */
function distPages() {
  return readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .filter((f) => f === 'index.html' || f.endsWith(`${sep}index.html`))
    .map((f) => `/${f.slice(0, -'index.html'.length).split(sep).join('/')}`)
    .sort();
}

/** URL path of every chapter: a content page with `chapter:` in its frontmatter. */
function chapterPages() {
  return readdirSync(contentDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.mdx?$/.test(f) && /^chapter:\s*\d+\s*$/m.test(readFileSync(join(contentDir, f), 'utf8')))
    .map((f) => `/${f.split(sep).join('/').replace(/\.mdx?$/, '')}/`)
    .sort();
}

/** Tokens to hover in a page's listings, and text their popup must show. */
const hovers = [
  { page: '/foundations/machinery/', token: 'logSumExp', signature: 'function logSumExp(z: Float64Array' },
  { page: '/phase-1/rnn/', token: 'softmaxCrossEntropy', signature: 'function softmaxCrossEntropy(p: Float64Array' },
  { page: '/phase-1/lstm/', token: 'sigmoid', signature: 'function sigmoid(a: number): number' },
  { page: '/phase-1/gru/', token: 'affineLeft', signature: 'function affineLeft(' },
];

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** JavaScript a widget may add to a chapter page, gzip -9: uPlot is about 21 kB of it, the heatmap 3 kB. */
const JS_BUDGET_KB = 42;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForServer(url, child, ms = 30_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`astro preview exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`astro preview did not answer at ${url} within ${ms} ms`);
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

let passed = 0;
let failed = 0;
async function test(name, fn) {
  const start = Date.now();
  try {
    const note = await fn();
    passed++;
    console.log(`ok    ${name} (${((Date.now() - start) / 1000).toFixed(1)} s)${note ? ` — ${note}` : ''}`);
  } catch (error) {
    failed++;
    console.log(`FAIL  ${name} (${((Date.now() - start) / 1000).toFixed(1)} s)\n      ${String(error?.message ?? error).split('\n').join('\n      ')}`);
  }
}

// Counts workers created and terminated, so a test can see that none is left running.
function countWorkers() {
  const Native = window.Worker;
  window.__workers = { created: 0, terminated: 0 };
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      window.__workers.created++;
    }
    terminate() {
      window.__workers.terminated++;
      super.terminate();
    }
  };
}

/** Scroll the page's widget into view and wait until its code has loaded and enabled it. */
async function hydrate(page) {
  const widget = page.locator('train-widget').first();
  await widget.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => customElements.get('train-widget') !== undefined);
  await widget.getByRole('button', { name: 'Start' }).waitFor();
  await page.waitForFunction(() => !document.querySelector('train-widget button[data-action="toggle"]').disabled);
  return widget;
}

const step = (widget) => widget.locator('.status').getAttribute('data-step').then(Number);
const state = (widget) => widget.locator('.status').getAttribute('data-state');

/** Wait until the widget has taken `atLeast` steps; fail at once, with its message, if the run ends before. */
async function waitForStep(page, atLeast, ms = 20_000) {
  const handle = await page.waitForFunction(
    (n) => {
      const status = document.querySelector('train-widget .status');
      const over = ['done', 'diverged', 'error'].includes(status.dataset.state);
      return Number(status.dataset.step) >= n || over ? { step: Number(status.dataset.step), text: status.textContent } : false;
    },
    atLeast,
    { timeout: ms },
  );
  const { step, text } = await handle.jsonValue();
  assert(step >= atLeast, `the run ended at step ${step}, before step ${atLeast}: ${text}`);
}

const started = Date.now();
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, [join(root, 'node_modules/.bin/astro'), 'preview', '--host', '127.0.0.1', '--port', String(port), '--ignore-lock'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'pipe'],
});
// However this script ends, the server must not outlive it.
process.on('exit', () => server.kill());
let serverLog = '';
server.stdout.on('data', (d) => (serverLog += d));
server.stderr.on('data', (d) => (serverLog += d));
const profile = mkdtempSync(join(tmpdir(), 'e2e-chromium-'));
let context;

try {
  await waitForServer(base + '/', server);
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  await context.addInitScript(countWorkers);
  mkdirSync(shots, { recursive: true });
  const chapters = chapterPages();
  const pages = distPages();
  console.log(`serving dist/ at ${base}: ${pages.length} pages, chapters ${chapters.join(' ')}`);

  for (const path of pages) {
    await test(`${path} loads without console errors, warnings or failed requests`, async () => {
      const page = await context.newPage();
      const problems = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
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
      await page.close();
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

  await test('search finds the vanilla RNN chapter', async () => {
    const page = await context.newPage();
    await page.goto(base + '/');
    await page.getByRole('button', { name: 'Search' }).first().click();
    await page.locator('dialog[open] input').fill('Elman');
    const result = page.locator('dialog[open] a[href*="/phase-1/rnn/"]').first();
    await result.waitFor({ timeout: 10_000 });
    await page.close();
  });

  const rnn = '/phase-1/rnn/';
  await test('the widget code loads only when the widget nears the viewport', async () => {
    const page = await context.newPage();
    const fetched = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    await page.goto(base + rnn, { waitUntil: 'networkidle' });
    const top = await page.locator('train-widget').evaluate((e) => e.getBoundingClientRect().top);
    const viewport = page.viewportSize().height;
    // The loader looks 200 px ahead of the viewport.
    assert(top > viewport + 200, `the widget starts at ${top} px, within reach of the first screen (${viewport} px)`);
    const early = fetched.filter((p) => /train-widget|train\.worker|uPlot/i.test(p));
    assert(early.length === 0, `fetched before scrolling: ${early.join(', ')}`);
    await hydrate(page);
    assert(fetched.some((p) => p.includes('train-widget')), 'the widget module was not fetched after scrolling to it');
    assert(!fetched.some((p) => p.includes('train.worker')), 'the worker was fetched before Start');
    await page.close();
  });

  await test('the widget refuses hidden size −3 with the allowed range, and nothing starts', async () => {
    const page = await context.newPage();
    await page.goto(base + rnn);
    const widget = await hydrate(page);
    await widget.getByLabel('Hidden size H').fill('-3');
    await widget.getByRole('button', { name: 'Start' }).click();
    const error = widget.locator('[data-error-for="hidden"]');
    await error.waitFor({ state: 'visible' });
    const message = await error.textContent();
    assert(message === 'hidden size must be an integer in 1..512, got -3', `error reads "${message}"`);
    assert((await widget.getByLabel('Hidden size H').getAttribute('aria-invalid')) === 'true', 'the field is not marked invalid');
    await sleep(500);
    assert((await state(widget)) === 'idle', `state is ${await state(widget)}`);
    const workers = await page.evaluate(() => window.__workers.created);
    assert(workers === 0, `${workers} worker(s) created`);
    await page.close();
  });

  await test('the widget refuses a text shorter than one window with one message', async () => {
    const page = await context.newPage();
    await page.goto(base + rnn);
    const widget = await hydrate(page);
    await widget.getByLabel('Train on').selectOption('own');
    await widget.getByLabel('Your text').fill('abc');
    await widget.getByRole('button', { name: 'Start' }).click();
    const error = widget.locator('[data-error-for="text"]');
    await error.waitFor({ state: 'visible' });
    const message = await error.textContent();
    assert(message === 'Your text has 3 characters; sequence length 25 needs 26 to 200,000 characters.', `error reads "${message}"`);
    assert((await state(widget)) === 'idle', `state is ${await state(widget)}`);
    assert((await page.evaluate(() => window.__workers.created)) === 0, 'a worker was created');
    await page.close();
  });

  for (const path of [rnn, '/phase-1/lstm/', '/phase-1/gru/']) await test(`${path}: the widget trains, stays responsive, pauses, steps once and resets`, async () => {
    const page = await context.newPage();
    await page.goto(base + path);
    const widget = await hydrate(page);
    const smooth = widget.locator('[data-readout="smoothLoss"]');
    await widget.getByRole('button', { name: 'Start' }).click();
    await page.waitForFunction(() => document.querySelector('train-widget [data-readout="smoothLoss"]').textContent !== '–');
    const first = { step: await step(widget), smooth: Number(await smooth.textContent()) };
    assert((await state(widget)) === 'training', `state is ${await state(widget)}`);

    // Main-thread responsiveness over 3 s of training: long tasks and gaps between animation frames.
    // The worker keeps one core busy, so on a shared two-core machine another process can stall the
    // page for a moment; one fresh window is allowed before the check fails.
    const measure = () =>
      page.evaluate(
        () =>
          new Promise((resolve) => {
            const longTasks = [];
            const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration)));
            observer.observe({ type: 'longtask' });
            let last = performance.now();
            let maxGap = 0;
            let frames = 0;
            const end = last + 3000;
            const frame = (now) => {
              maxGap = Math.max(maxGap, now - last);
              last = now;
              frames++;
              if (now < end) requestAnimationFrame(frame);
              else {
                observer.disconnect();
                resolve({ longTasks, maxGap, frames });
              }
            };
            requestAnimationFrame(frame);
          }),
      );
    const responsive = (r) => r.longTasks.length === 0 && r.maxGap < 100;
    const describe = (r) =>
      `${r.longTasks.length} long tasks${r.longTasks.length ? ` (${r.longTasks.map((d) => d.toFixed(0)).join(', ')} ms)` : ''}, ` +
      `${r.frames} frames, longest frame gap ${r.maxGap.toFixed(1)} ms`;
    const windows = [await measure()];
    if (!responsive(windows[0])) windows.push(await measure());
    await waitForStep(page, 200);
    const later = { step: await step(widget), smooth: Number(await smooth.textContent()) };
    assert(later.smooth < first.smooth, `smoothed loss went from ${first.smooth} (step ${first.step}) to ${later.smooth} (step ${later.step})`);
    assert(responsive(windows.at(-1)), `3 s windows of training: ${windows.map(describe).join('; then ')}`);

    await widget.getByRole('button', { name: 'Pause' }).click();
    assert((await state(widget)) === 'paused', `state after Pause is ${await state(widget)}`);
    await sleep(300); // a batch already in flight may still arrive
    const paused = await step(widget);
    await sleep(1000);
    assert((await step(widget)) === paused, `step moved from ${paused} to ${await step(widget)} while paused`);

    await widget.getByRole('button', { name: 'Step' }).click();
    await waitForStep(page, paused + 1, 5000);
    await sleep(300);
    assert((await step(widget)) === paused + 1, `one Step moved the counter from ${paused} to ${await step(widget)}`);

    await widget.getByRole('button', { name: 'Reset' }).click();
    assert((await state(widget)) === 'idle', `state after Reset is ${await state(widget)}`);
    assert((await step(widget)) === 0, `step after Reset is ${await step(widget)}`);
    assert((await smooth.textContent()) === '–', 'the readouts were not cleared');
    const workers = await page.evaluate(() => window.__workers);
    assert(workers.created === 1 && workers.terminated === 1, `workers: ${JSON.stringify(workers)}`);
    await page.close();
    return (
      `steps ${first.step}→${later.step}, smoothed loss ${first.smooth}→${later.smooth}; ` +
      `3 s windows of training: ${windows.map(describe).join('; then ')}`
    );
  });

  await test('during a run only the temperature can change, and changing it keeps the run going', async () => {
    const page = await context.newPage();
    await page.goto(base + rnn);
    const widget = await hydrate(page);
    await widget.getByRole('button', { name: 'Start' }).click();
    await waitForStep(page, 50);
    const editable = await widget
      .locator('[data-part="settings"] :is(input, select)')
      .evaluateAll((fields) => fields.filter((f) => !f.disabled).map((f) => f.name));
    assert(editable.join() === 'temperature', `editable during the run: ${editable.join(', ') || 'nothing'}`);
    await widget.getByLabel('Temperature').fill('0.5');
    await widget.getByLabel('Temperature').press('Tab');
    const before = await step(widget);
    await waitForStep(page, before + 1500);
    assert((await state(widget)) === 'training', `state is ${await state(widget)}: ${await widget.locator('.status').textContent()}`);
    await widget.getByLabel('Temperature').fill('0');
    await widget.getByLabel('Temperature').press('Tab');
    const refused = await widget.locator('[data-error-for="temperature"]').textContent();
    assert(/temperature/i.test(refused), `temperature 0 was not refused: "${refused}"`);
    assert((await state(widget)) === 'training', `a refused temperature stopped the run: ${await state(widget)}`);
    await page.close();
  });

  await test('the widget works from the keyboard, with a visible focus ring', async () => {
    const page = await context.newPage();
    await page.goto(base + rnn);
    const widget = await hydrate(page);
    const focused = () =>
      page.evaluate(() => {
        const e = document.activeElement;
        return { name: e.textContent.trim() || e.name, outline: getComputedStyle(e).outlineStyle };
      });
    await widget.getByLabel('Model', { exact: true }).focus();
    await page.keyboard.press('Tab');
    const start = await focused();
    assert(start.name === 'Start' && start.outline === 'solid', `Tab from Model reached ${JSON.stringify(start)}`);
    await page.keyboard.press('Space');
    await waitForStep(page, 50);
    assert((await state(widget)) === 'training', `Space on Start: state ${await state(widget)}`);
    assert((await focused()).name === 'Pause', 'focus left the Start/Pause button');
    await page.keyboard.press('Enter');
    assert((await state(widget)) === 'paused', `Enter on Pause: state ${await state(widget)}`);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert((await focused()).name === 'Reset', `two Tabs after Pause reached ${(await focused()).name}`);
    await page.keyboard.press('Enter');
    assert((await state(widget)) === 'idle', `Enter on Reset: state ${await state(widget)}`);
    assert((await focused()).name === 'Start', `after Reset the focus is on ${(await focused()).name}`);
    await page.close();
  });

  await test('a sample that contains markup is shown as text', async () => {
    const page = await context.newPage();
    await page.goto(base + rnn);
    const widget = await hydrate(page);
    await widget.getByLabel('Train on').selectOption('own');
    await widget.getByLabel('Your text').fill('<img src=x onerror="window.__xss=1">\n'.repeat(40));
    await widget.getByRole('button', { name: 'Start' }).click();
    // Stop waiting if the run ends: a failure then names the widget's message rather than a timeout.
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('train-widget .tw-samples pre')].some((p) => p.textContent.includes('<img src=x onerror=')) ||
        document.querySelector('train-widget .status').dataset.state !== 'training',
      null,
      { timeout: 30_000 },
    );
    assert((await state(widget)) === 'training', `the run stopped: ${await widget.locator('.status').textContent()}`);
    const images = await widget.locator('img').count();
    const xss = await page.evaluate(() => window.__xss);
    await widget.getByRole('button', { name: 'Reset' }).click();
    await page.close();
    assert(images === 0, `${images} img element(s) in the widget`);
    assert(xss === undefined, 'the onerror handler ran');
  });

  /** The texts of the uPlot legend of a chart part: one label per line drawn. */
  const legend = (widget, part) => widget.locator(`[data-part="${part}"] .u-legend .u-series .u-label`).allTextContents();

  await test('each model keeps its own run, one trains at a time, and the loss chart shows them together', async () => {
    const page = await context.newPage();
    await page.goto(base + '/phase-1/lstm/');
    const widget = await hydrate(page);
    const model = widget.getByLabel('Model', { exact: true });
    assert((await model.inputValue()) === 'lstm', `the LSTM chapter's widget starts on ${await model.inputValue()}`);
    await widget.getByRole('button', { name: 'Start' }).click();
    await waitForStep(page, 100);
    await model.selectOption('rnn');
    assert((await state(widget)) === 'idle', `the RNN shows state ${await state(widget)} before it has run`);
    await widget.getByRole('button', { name: 'Start' }).click();
    await waitForStep(page, 100);
    await model.selectOption('lstm');
    assert((await state(widget)) === 'paused', `starting the RNN left the LSTM ${await state(widget)}`);
    const lines = await legend(widget, 'chart');
    for (const label of ['LSTM, smoothed', 'RNN, smoothed']) assert(lines.includes(label), `loss chart lines: ${lines.join(', ')}`);
    const before = await page.evaluate(() => ({ ...window.__workers }));
    await widget.getByRole('button', { name: 'Reset' }).click();
    const after = await page.evaluate(() => ({ ...window.__workers }));
    await page.close();
    assert(before.created === 2 && before.terminated === 0, `workers before Reset: ${JSON.stringify(before)}`);
    assert(after.terminated === 2, `workers after Reset: ${JSON.stringify(after)}`);
    return `loss chart lines: ${lines.join(', ')}`;
  });

  for (const [path, gates] of [['/phase-1/lstm/', 4], ['/phase-1/gru/', 2], [rnn, 1]]) {
    await test(`${path}: one Step shows the gate heatmap (${gates} group${gates > 1 ? 's' : ''}), with values on hover`, async () => {
      const page = await context.newPage();
      await page.goto(base + path);
      const widget = await hydrate(page);
      await widget.getByRole('button', { name: 'Step' }).click();
      const canvases = widget.locator('[data-part="gates"] canvas');
      await canvases.first().waitFor({ timeout: 10_000 });
      const count = await canvases.count();
      await canvases.first().hover({ position: { x: 3, y: 3 } });
      const tip = await widget.locator('[data-part="gates"] .hm-tip').first().textContent({ timeout: 5000 });
      await page.close();
      assert(count === gates, `${count} heatmaps`);
      assert(/-?\d\.\d{3}/.test(tip ?? ''), `tooltip reads "${tip}"`);
      return `tooltip "${tip}"`;
    });
  }

  await test('the gradient-flow panel: at small recurrent weights the RNN\'s gradient vanishes and the LSTM\'s reaches back', async () => {
    const page = await context.newPage();
    await page.goto(base + '/phase-1/lstm/');
    const widget = await hydrate(page);
    await widget.getByLabel('Recurrent weights at start').selectOption('0.5');
    const ratio = async (label) => {
      const rows = await widget.locator('[data-part="flow-table"] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
      const row = rows.find((r) => r[0] === label);
      return row ? Number(row[2]) : NaN;
    };
    for (const m of ['lstm', 'rnn']) {
      await widget.getByLabel('Model', { exact: true }).selectOption(m);
      await widget.getByRole('button', { name: 'Step' }).click();
      await page.waitForFunction((label) => [...document.querySelectorAll('train-widget [data-part="flow-table"] td:first-child')].some((td) => td.textContent === label), m.toUpperCase());
    }
    const [rnnRatio, lstmRatio] = [await ratio('RNN'), await ratio('LSTM')];
    const lines = await legend(widget, 'flow');
    await page.close();
    assert(rnnRatio < 1e-3, `RNN ratio ${rnnRatio}`);
    assert(lstmRatio > 100 * rnnRatio, `LSTM ratio ${lstmRatio} vs RNN ${rnnRatio}`);
    assert(lines.includes('RNN, step 0') && lines.includes('LSTM, step 0'), `flow chart lines: ${lines.join(', ')}`);
    return `ratio ‖∂L/∂h_1‖/‖∂L/∂h_T‖ at 0.5/√H: RNN ${rnnRatio}, LSTM ${lstmRatio}`;
  });

  await test('leaving the page terminates the worker', async () => {
    const page = await context.newPage();
    await page.goto(base + rnn);
    const widget = await hydrate(page);
    await widget.getByRole('button', { name: 'Start' }).click();
    await waitForStep(page, 10);
    const before = await page.evaluate(() => window.__workers);
    await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true })));
    const after = await page.evaluate(() => window.__workers);
    await page.close();
    assert(before.created === 1 && before.terminated === 0, `before: ${JSON.stringify(before)}`);
    assert(after.terminated === 1, `after pagehide: ${JSON.stringify(after)}`);
  });

  await test(`the widget's JavaScript (its module with uPlot, the worker, the model, the text) is within ${JS_BUDGET_KB} kB gzip`, async () => {
    // What the chapter page fetches beyond what a page without a widget fetches (Starlight's own scripts, search).
    const scriptsOf = async (path, act) => {
      const page = await context.newPage();
      const scripts = [];
      page.on('response', (response) => {
        if (!response.url().endsWith('.js')) return;
        const name = new URL(response.url()).pathname;
        scripts.push(
          response.body().then(
            (body) => ({ name, gzip: gzipSync(body, { level: 9 }).length }),
            (error) => ({ name, gzip: 0, error: error.message }),
          ),
        );
      });
      await page.goto(base + path, { waitUntil: 'networkidle' });
      await act(page);
      const fetched = await Promise.all(scripts);
      await page.close();
      return fetched;
    };
    const plain = new Set((await scriptsOf('/references/', async () => {})).map((f) => f.name));
    const all = await scriptsOf(rnn, async (page) => {
      const widget = await hydrate(page);
      await widget.getByRole('button', { name: 'Start' }).click();
      await waitForStep(page, 100);
      await widget.getByRole('button', { name: 'Reset' }).click();
    });
    const unread = all.filter((f) => f.error);
    assert(unread.length === 0, unread.map((f) => `could not read ${f.name}: ${f.error}`).join('\n'));
    const widgetJs = all.filter((f) => !plain.has(f.name));
    const kB = (bytes) => (bytes / 1000).toFixed(1);
    const sum = (files) => files.reduce((total, f) => total + f.gzip, 0);
    const list = widgetJs.map((f) => `${f.name.split('/').pop()} ${kB(f.gzip)}`).join(', ');
    assert(widgetJs.some((f) => f.name.includes('train.worker')), `the worker script was not seen: ${list}`);
    assert(sum(widgetJs) <= JS_BUDGET_KB * 1000, `the widget fetched ${kB(sum(widgetJs))} kB: ${list}`);
    return `widget ${kB(sum(widgetJs))} kB (${list}); the whole page ${kB(sum(all))} kB`;
  });

  for (const scheme of ['light', 'dark']) {
    for (const path of chapters) {
      const file = `${path.replace(/^\/|\/$/g, '').replaceAll('/', '-')}-${scheme}.png`;
      await test(`screenshot ${file}`, async () => {
        const page = await context.newPage();
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(base + path);
        if ((await page.locator('train-widget').count()) > 0) {
          const widget = await hydrate(page);
          await widget.getByRole('button', { name: 'Start' }).click();
          await waitForStep(page, 3000, 30_000);
          await widget.getByRole('button', { name: 'Pause' }).click();
          await sleep(300);
          await widget.screenshot({ path: join(shots, file.replace(/\.png$/, '-widget.png')) });
        }
        // At the top, so that the sticky header sits where a reader sees it.
        await page.evaluate(() => window.scrollTo(0, 0));
        const theme = await page.evaluate(() => document.documentElement.dataset.theme);
        assert(theme === scheme, `data-theme is ${theme}`);
        await page.screenshot({ path: join(shots, file), fullPage: true });
        await page.close();
      });
    }
  }
} catch (error) {
  failed++;
  console.log(`FAIL  setup: ${error?.message ?? error}\n${serverLog}`);
} finally {
  await context?.close();
  server.kill();
  rmSync(profile, { recursive: true, force: true });
}

console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
