// Speed budgets, measured in Chromium and printed as numbers: the JavaScript each page fetches,
// frames per second while a widget trains, and training steps per second in the page's worker
// against lib/train in Node.
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { nodeRun, widgetSettings } from './determinism.mjs';
import { assert, hydrate, instrument, printTable, test, waitForStep } from './harness.mjs';
import { responsiveness } from './widget.mjs';

/** JavaScript a page may fetch, widget and search included, gzip -9 (issue 6). */
const PAGE_BUDGET_KB = 90;
/** JavaScript a widget may add to a chapter page (its module, worker, model and text: about 20 kB now). */
const WIDGET_BUDGET_KB = 42;
/** The page's worker may train this much slower than Node (issue 6); asserted only when it holds in every run. */
const WORKER_SLOWDOWN = 1.25;

const kB = (bytes) => (bytes / 1000).toFixed(1);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Everything a fresh browser (empty cache) fetches for `path`: the page as loaded and scrolled
 * through, then its widget trained for 100 steps, then a search with results. Each response
 * has its phase, its kind (js, or data: the search index and its WebAssembly) and its size gzip -9.
 */
async function fetchedBy(browser, base, path) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  let phase = 'page';
  const seen = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.origin !== base) return;
    const js = /\.m?js$/.test(url.pathname);
    const data = url.pathname.startsWith('/pagefind/') && !js;
    if (!js && !data) return;
    const at = phase;
    seen.push(
      response.body().then(
        (body) => ({ path: url.pathname, phase: at, kind: js ? 'js' : 'data', gzip: gzipSync(body, { level: 9 }).length }),
        (error) => ({ path: url.pathname, phase: at, kind: js ? 'js' : 'data', gzip: 0, error: error.message }),
      ),
    );
  });
  // Starlight loads the search's interface (Pagefind's) when the page is idle after its load: part of the page.
  await page.goto(base + path, { waitUntil: 'networkidle' });
  await page.locator('#starlight__search .pagefind-ui').waitFor({ state: 'attached', timeout: 10_000 });
  if ((await page.locator('train-widget').count()) > 0) {
    phase = 'widget';
    const widget = await hydrate(page);
    await widget.getByRole('button', { name: 'Start' }).click();
    await waitForStep(page, 100);
    await widget.getByRole('button', { name: 'Reset' }).click();
  }
  phase = 'search';
  await page.getByRole('button', { name: 'Search' }).first().click();
  await page.locator('dialog[open] input').fill('gradient');
  await page.locator('dialog[open] a[href]').first().waitFor({ timeout: 10_000 });
  await page.waitForLoadState('networkidle');
  const files = await Promise.all(seen);
  await context.close();
  return files;
}

export async function budgetChecks({ base, pages }) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    await test(`every page fetches at most ${PAGE_BUDGET_KB} kB of JavaScript (gzip), its widget and search included; a widget adds at most ${WIDGET_BUDGET_KB} kB`, async () => {
      const rows = [['page', 'page JS', 'widget JS', 'search JS', 'total JS', 'search data (index, wasm)']];
      const over = [];
      // Bytes do not depend on timing, so three pages at a time, each in its own browser context.
      const fetched = [];
      for (let i = 0; i < pages.length; i += 3) fetched.push(...(await Promise.all(pages.slice(i, i + 3).map((path) => fetchedBy(browser, base, path)))));
      for (const [i, path] of pages.entries()) {
        const files = fetched[i];
        const unread = files.filter((f) => f.error);
        assert(unread.length === 0, unread.map((f) => `could not read ${f.path}: ${f.error}`).join('\n'));
        const sum = (phase, kind = 'js') => files.filter((f) => f.kind === kind && (!phase || f.phase === phase)).reduce((t, f) => t + f.gzip, 0);
        const total = sum();
        rows.push([path, kB(sum('page')), kB(sum('widget')), kB(sum('search')), kB(total), kB(sum(null, 'data'))]);
        if (total > PAGE_BUDGET_KB * 1000) over.push(`${path}: ${kB(total)} kB`);
        if (sum('widget') > WIDGET_BUDGET_KB * 1000) {
          const widgetFiles = files.filter((f) => f.kind === 'js' && f.phase === 'widget').map((f) => `${f.path.split('/').pop()} ${kB(f.gzip)}`);
          over.push(`${path}: its widget ${kB(sum('widget'))} kB (${widgetFiles.join(', ')})`);
        }
        if (sum('search') === 0) over.push(`${path}: search fetched no script, so it was not measured`);
      }
      console.log('      JavaScript fetched per page, kB gzip -9 (fresh cache; search data is not JavaScript and not counted):');
      printTable(rows);
      assert(over.length === 0, `over budget:\n${over.join('\n')}`);
    });

    await test('frames per second while a widget trains (reported: headless Chromium on a shared machine)', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(base + '/phase-1/rnn/');
      await hydrate(page);
      const idle = await page.evaluate(
        () =>
          new Promise((resolve) => {
            let frames = 0;
            const end = performance.now() + 3000;
            const frame = (now) => (++frames, now < end ? requestAnimationFrame(frame) : resolve(frames / 3));
            requestAnimationFrame(frame);
          }),
      );
      await context.close();
      const rows = [['page', 'long tasks while training', 'frames per second while training']];
      for (const { path, windows } of responsiveness) {
        const last = windows.at(-1);
        rows.push([path, `${last.longTasks.length}${last.longTasks.length ? ` (longest ${Math.max(...last.longTasks).toFixed(0)} ms)` : ''}`, windows.map((w) => (w.frames / 3).toFixed(0)).join(', then ')]);
      }
      if (rows.length > 1) printTable(rows);
      return `${idle.toFixed(0)} fps with the widget idle${rows.length === 1 ? ' (run the widget group for the training figures)' : ''}`;
    });

    await test(`the page's worker trains the RNN within ${WORKER_SLOWDOWN}× of lib/train in Node (steps per second, three runs)`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addInitScript(() => {
        // Each progress message's steps-per-second readout, as the widget shows it.
        const Native = window.Worker;
        window.__rates = [];
        window.Worker = class extends Native {
          constructor(...args) {
            super(...args);
            this.addEventListener('message', ({ data }) => data?.type === 'progress' && window.__rates.push([data.latest.step, data.latest.stepsPerSecond, performance.now()]));
          }
        };
      });
      const page = await context.newPage();
      await page.goto(base + '/phase-1/rnn/');
      const widget = await hydrate(page);
      const setup = await widgetSettings(widget);
      const WARM = 300;
      const MEASURED = 1500;
      const runs = [];
      for (let run = 0; run < 3; run++) {
        await page.evaluate(() => (window.__rates = []));
        await widget.getByRole('button', { name: 'Start' }).click();
        await waitForStep(page, WARM + MEASURED, 60_000);
        await widget.getByRole('button', { name: 'Reset' }).click();
        const rates = (await page.evaluate(() => window.__rates)).filter(([step]) => step > WARM && step <= WARM + MEASURED);
        const worker = median(rates.map(([, rate]) => rate));
        const wall = ((rates.at(-1)[0] - rates[0][0]) * 1000) / (rates.at(-1)[2] - rates[0][2]);
        // The same run in Node, while the browser is idle: the readout of lib/train's own clock.
        const events = await nodeRun('rnn', setup);
        const nodeRates = [];
        for (let k = 1; k <= WARM + MEASURED; k++) {
          const e = events.next().value;
          if (k > WARM) nodeRates.push(e.stepsPerSecond);
        }
        const node = median(nodeRates);
        runs.push({ worker, wall, node, ratio: node / worker });
      }
      const rows = [['run', 'worker steps/s (readout)', 'worker steps/s (wall clock)', 'Node steps/s', 'Node / worker']];
      runs.forEach((r, i) => rows.push([String(i + 1), r.worker.toFixed(0), r.wall.toFixed(0), r.node.toFixed(0), r.ratio.toFixed(2)]));
      printTable(rows);
      await context.close();
      const ratio = median(runs.map((r) => r.ratio));
      assert(ratio <= WORKER_SLOWDOWN, `the worker trains ${ratio.toFixed(2)}× slower than Node (median of three runs)`);
      return `median ratio ${ratio.toFixed(2)}`;
    });
  } finally {
    await browser.close();
  }
}
