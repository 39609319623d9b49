// What every browser test module shares: the site's pages, the test runner, the page
// instrumentation and the widget helpers.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, sep } from 'node:path';

export const root = new URL('../../', import.meta.url).pathname;
export const dist = join(root, 'dist');
export const shots = join(root, 'test-results');
const contentDir = join(root, 'content');

/** URL path of every page in dist/ (each is a folder with an index.html). */
export function distPages() {
  return readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .filter((f) => f === 'index.html' || f.endsWith(`${sep}index.html`))
    .map((f) => `/${f.slice(0, -'index.html'.length).split(sep).join('/')}`)
    .sort();
}

/** URL path of every chapter: a content page with `chapter:` in its frontmatter. */
export function chapterPages() {
  return readdirSync(contentDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.mdx?$/.test(f) && /^chapter:\s*\d+\s*$/m.test(readFileSync(join(contentDir, f), 'utf8')))
    .map((f) => `/${f.split(sep).join('/').replace(/\.mdx?$/, '')}/`)
    .sort();
}

/** The built HTML of a page. */
export const pageHtml = (path) => readFileSync(join(dist, path, 'index.html'), 'utf8');

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

export const results = { passed: 0, failed: 0 };

/** Run one test: a line "ok" or "FAIL" with its time, and the note the test returns. */
export async function test(name, fn) {
  const start = Date.now();
  try {
    const note = await fn();
    results.passed++;
    console.log(`ok    ${name} (${((Date.now() - start) / 1000).toFixed(1)} s)${note ? ` — ${note}` : ''}`);
  } catch (error) {
    results.failed++;
    console.log(`FAIL  ${name} (${((Date.now() - start) / 1000).toFixed(1)} s)\n      ${String(error?.message ?? error).split('\n').join('\n      ')}`);
  }
}

/** Print a table (an array of rows of strings) with padded columns. */
export function printTable(rows) {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => String(r[j]).length)));
  for (const row of rows) console.log(`      ${row.map((cell, j) => String(cell).padEnd(widths[j])).join('  ')}`);
}

export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** `astro preview` of dist/ on a free port; resolves once it answers. */
export async function startPreview(ms = 30_000) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(root, 'node_modules/.bin/astro'), 'preview', '--host', '127.0.0.1', '--port', String(port), '--ignore-lock'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // However the tests end, the server must not outlive them.
  process.on('exit', () => child.kill());
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`astro preview exited with code ${child.exitCode}\n${log}`);
    try {
      if ((await fetch(base + '/')).ok) return { base, child, log: () => log };
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`astro preview did not answer at ${base} within ${ms} ms\n${log}`);
}

/**
 * Added to every page before its own scripts. Counts the training workers created and terminated
 * (window.__workers; Pagefind's worker is not counted; `latest` is the newest), and keeps for each its URL, whether it was
 * terminated, the steps of its progress messages (whether they ran on without a gap or a repeat)
 * and the losses of its first steps. Collects the page's Content-Security-Policy violations in
 * window.__csp.
 */
export function instrument() {
  const KEPT_LOSSES = 200;
  const Native = window.Worker;
  const workers = { created: 0, terminated: 0, list: [] };
  window.__workers = workers;
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    window.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'an inline script or style'} at ${e.sourceFile || '?'}:${e.lineNumber} ${e.sample}`),
  );
  window.Worker = class extends Native {
    constructor(url, options) {
      super(url, options);
      const training = String(url).includes('train.worker');
      const record = { url: String(url), training, terminated: false, steps: 0, lastStep: 0, breaks: [], losses: [], messages: [] };
      this.__record = record;
      if (!training) return;
      workers.created++;
      workers.list.push(record);
      workers.latest = this;
      this.addEventListener('message', ({ data }) => {
        if (data?.type !== 'progress') {
          record.messages.push(data?.type);
          return;
        }
        for (let i = 0; i < data.steps.length; i++) {
          if (data.steps[i] !== record.lastStep + 1) record.breaks.push(`${record.lastStep} → ${data.steps[i]}`);
          record.lastStep = data.steps[i];
          record.steps++;
          if (record.losses.length < KEPT_LOSSES) record.losses.push(data.losses[i]);
        }
      });
    }
    terminate() {
      if (this.__record.training && !this.__record.terminated) {
        this.__record.terminated = true;
        workers.terminated++;
      }
      super.terminate();
    }
  };
}

/** Training workers the page has created and not terminated. */
export const liveWorkers = (page) => page.evaluate(() => window.__workers.created - window.__workers.terminated);

/** Scroll the page's widget into view and wait until its code has loaded and enabled it. */
export async function hydrate(page) {
  const widget = page.locator('train-widget').first();
  await widget.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => customElements.get('train-widget') !== undefined);
  await widget.getByRole('button', { name: 'Start' }).waitFor();
  await page.waitForFunction(() => !document.querySelector('train-widget button[data-action="toggle"]').disabled);
  return widget;
}

export const step = (widget) => widget.locator('.status').getAttribute('data-step').then(Number);
export const state = (widget) => widget.locator('.status').getAttribute('data-state');

/** Wait until the widget has taken `atLeast` steps; fail at once, with its message, if the run ends before. */
export async function waitForStep(page, atLeast, ms = 20_000) {
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
