// Accessibility: axe-core on every page in light and dark mode (the widget trained, with its charts,
// samples, heatmap and flow table), the widget's messages and the search dialog too; the widget by
// keyboard alone, with a visible focus; text alternatives for its plots. Then the screenshots.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, hydrate, pageHtml, root, shots, sleep, state, test, waitForStep } from './harness.mjs';

const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** The rules whose outcome depends on the colour scheme: the others give the same result in both. */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/**
 * The serious and critical violations axe-core finds in `selector` (the whole page by default),
 * one line each; `rules` limits the run to those. Injected through the DevTools protocol, which
 * the page's CSP does not govern.
 */
async function axe(page, { selector = null, rules = null } = {}) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(
    async ({ selector, rules }) => {
      const options = { resultTypes: ['violations'], ...(rules ? { runOnly: { type: 'rule', values: rules } } : {}) };
      const { violations } = await window.axe.run(selector ? { include: [selector] } : document, options);
      return violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) =>
            `${v.id} (${v.impact}): ${v.help}; ${v.nodes.length} element(s), e.g. ` +
            v.nodes
              .slice(0, 3)
              .map((n) => `${n.target.join(' ')}: ${(n.failureSummary ?? '').split('\n').slice(1).join(' ').trim()}`)
              .join(' | '),
        );
    },
    { selector, rules },
  );
}

/** Switch the page's colour scheme as the reader's system would, and wait for Starlight to follow (data-theme on <html>). */
async function scheme(page, colorScheme) {
  await page.emulateMedia({ colorScheme });
  await page.waitForFunction((s) => document.documentElement.dataset.theme === s, colorScheme, { timeout: 5000 });
  // The canvases redraw on the change of theme: let it reach the screen.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** axe-core on `selector` in light mode, then (the colour rules) in dark: the violations, each marked with its scheme. */
async function axeBothSchemes(page, selector) {
  const found = [];
  for (const colorScheme of ['light', 'dark']) {
    await scheme(page, colorScheme);
    found.push(...(await axe(page, { selector, rules: colorScheme === 'dark' ? COLOUR_RULES : null })).map((v) => `${colorScheme}: ${v}`));
  }
  return found;
}

/** The focused element: how to name it, and whether a focus indicator is drawn around it. */
const focusedElement = (page) =>
  page.evaluate(() => {
    const e = document.activeElement;
    const style = getComputedStyle(e);
    const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const name = e.getAttribute('name') ?? (e.tagName === 'BUTTON' ? e.textContent.trim() : e.getAttribute('aria-label') ?? e.tagName.toLowerCase());
    return { name, inWidget: !!e.closest('train-widget'), visible: outlined || style.boxShadow !== 'none' };
  });

/** Every control of the widget that the keyboard should reach now: enabled, shown and focusable, in document order. */
const expectedStops = (widget) =>
  widget.evaluate((w) =>
    [...w.querySelectorAll('button, input, select, textarea, [tabindex]')]
      .filter((e) => !e.disabled && e.tabIndex >= 0 && e.getClientRects().length > 0)
      .map((e) => e.getAttribute('name') ?? (e.tagName === 'BUTTON' ? e.textContent.trim() : e.getAttribute('aria-label') ?? e.tagName.toLowerCase())),
  );

/** Tab from the widget's first enabled control until the focus leaves the widget; the stops on the way. */
async function tabThrough(page, widget) {
  await widget.evaluate((w) => [...w.querySelectorAll('button, input, select, textarea')].find((e) => !e.disabled && e.getClientRects().length > 0).focus());
  const stops = [];
  for (let i = 0; i < 40; i++) {
    const focused = await focusedElement(page);
    if (!focused.inWidget) break;
    stops.push(focused);
    await page.keyboard.press('Tab');
  }
  return stops;
}

/**
 * axe-core on one page in light mode and then, switched as a reader's system switches it, in dark
 * (the colour rules), each with its screenshot if the page is a chapter; every outcome kept, a
 * failure as an Error, for the tests to report.
 */
async function checkPage(context, base, path, chapter) {
  const trains = pageHtml(path).includes('<train-widget');
  const outcome = { trains, light: null, dark: null, shots: { light: null, dark: null } };
  const page = await context.newPage();
  const attempt = (fn) => fn().catch((error) => error);
  try {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(base + path);
    if (trains) {
      // Past its first sample, so that every panel (charts, samples, heatmap, flow table) has content.
      const widget = await hydrate(page);
      await widget.getByRole('button', { name: 'Start' }).click();
      await waitForStep(page, 1000, 30_000);
      await widget.getByRole('button', { name: 'Pause' }).click();
      await widget.locator('.tw-samples pre').first().waitFor();
      await sleep(300);
    }
    for (const colorScheme of ['light', 'dark']) {
      outcome[colorScheme] = await attempt(async () => {
        await scheme(page, colorScheme);
        return axe(page, { rules: colorScheme === 'dark' ? COLOUR_RULES : null });
      });
      if (!chapter) continue;
      const file = `${path.replace(/^\/|\/$/g, '').replaceAll('/', '-')}-${colorScheme}.png`;
      outcome.shots[colorScheme] = await attempt(async () => {
        if (trains) await page.locator('train-widget').screenshot({ path: join(shots, file.replace(/\.png$/, '-widget.png')) });
        // At the top, so that the sticky header sits where a reader sees it. The whole chapter in
        // light mode; in dark, its first screen (a long page takes seconds to capture).
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: join(shots, file), fullPage: colorScheme === 'light' });
        return file;
      });
    }
  } finally {
    await page.close();
  }
  return outcome;
}

export async function accessibilityChecks({ context, base, pages, chapters }) {
  // Two pages at a time: axe-core takes seconds on a chapter, and each page has its own renderer.
  const running = new Map();
  const start = (i) => {
    if (i < pages.length && !running.has(i)) running.set(i, checkPage(context, base, pages[i], chapters.includes(pages[i])).catch((error) => ({ error })));
  };
  start(0);
  start(1);
  for (const [i, path] of pages.entries()) {
    const outcome = await running.get(i);
    start(i + 2);
    for (const colorScheme of ['light', 'dark']) {
      const what = colorScheme === 'dark' ? ' (the colour rules)' : outcome.trains ? ', the widget trained and paused' : '';
      await test(`${path} in ${colorScheme} mode: axe-core finds no serious or critical violation${what}`, () => {
        const found = outcome.error ?? outcome[colorScheme];
        if (found instanceof Error) throw found;
        assert(found.length === 0, found.join('\n'));
      });
      if (chapters.includes(path)) {
        await test(`screenshot ${path.replace(/^\/|\/$/g, '').replaceAll('/', '-')}-${colorScheme}.png`, () => {
          const shot = outcome.error ?? outcome.shots[colorScheme];
          if (shot instanceof Error) throw shot;
          assert(shot !== null, 'not taken');
        });
      }
    }
  }

  const rnn = '/phase-1/rnn/';
  await test('the widget\'s refusals and a diverged run: axe-core finds no serious or critical violation in light mode, nor (the colour rules) in dark', async () => {
    const page = await context.newPage();
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(base + rnn);
    const widget = await hydrate(page);
    await widget.getByLabel('Train on').selectOption('own');
    await widget.getByLabel('Hidden size H').fill('');
    await widget.getByLabel('Learning rate').fill('0');
    await widget.getByRole('button', { name: 'Start' }).click();
    await widget.locator('[data-error-for="lr"]').waitFor({ state: 'visible' });
    const refused = (await axeBothSchemes(page, 'train-widget')).map((v) => `refused, ${v}`);
    await widget.getByLabel('Train on').selectOption('thirsty-crow');
    await widget.getByLabel('Hidden size H').fill('64');
    await widget.getByLabel('Learning rate').fill('1');
    await widget.getByLabel('Clip threshold').fill('1000');
    await widget.getByRole('button', { name: 'Start' }).click();
    await page.waitForFunction(() => document.querySelector('train-widget .status').dataset.state === 'diverged', null, { timeout: 20_000 });
    const diverged = (await axeBothSchemes(page, 'train-widget')).map((v) => `diverged, ${v}`);
    await page.close();
    assert(refused.length + diverged.length === 0, [...refused, ...diverged].join('\n'));
  });

  await test('the search dialog with results: axe-core finds no serious or critical violation in light mode, nor (the colour rules) in dark', async () => {
    const page = await context.newPage();
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(base + '/');
    await page.getByRole('button', { name: 'Search' }).first().click();
    await page.locator('dialog[open] input').fill('gradient');
    await page.locator('dialog[open] a[href]').first().waitFor({ timeout: 10_000 });
    await sleep(300);
    const found = await axeBothSchemes(page, 'dialog[open]');
    await page.close();
    assert(found.length === 0, found.join('\n'));
  });

  await test('the keyboard reaches every control of the widget in order, before and during a run, each with a visible focus indicator', async () => {
    const page = await context.newPage();
    await page.goto(base + rnn);
    const widget = await hydrate(page);
    await widget.getByLabel('Train on').selectOption('own');
    const phases = [];
    for (const phase of ['before a run (own text chosen)', 'after one Step']) {
      if (phase === 'after one Step') {
        await widget.getByLabel('Train on').selectOption('thirsty-crow');
        await widget.getByRole('button', { name: 'Step' }).click();
        await waitForStep(page, 1);
        await widget.locator('[data-part="gates"] canvas').first().waitFor();
      }
      const expected = await expectedStops(widget);
      const stops = await tabThrough(page, widget);
      const names = stops.map((s) => s.name);
      assert(JSON.stringify(names) === JSON.stringify(expected), `${phase}: Tab went ${names.join(' → ')}; the controls are ${expected.join(' → ')}`);
      const unmarked = stops.filter((s) => !s.visible).map((s) => s.name);
      assert(unmarked.length === 0, `${phase}: no visible focus indicator on ${unmarked.join(', ')}`);
      phases.push(`${phase}: ${names.length} stops`);
    }
    assert((await state(widget)) === 'paused', `state ${await state(widget)}`);
    await page.close();
    return phases.join('; ');
  });

  await test('the plots have text alternatives: the numbers in an aria-live region, labelled charts and heatmaps, the flow as a table', async () => {
    const page = await context.newPage();
    await page.goto(base + rnn);
    const widget = await hydrate(page);
    await widget.getByRole('button', { name: 'Step' }).click();
    await waitForStep(page, 1);
    await page.waitForFunction(() => document.querySelector('train-widget [data-part="live"]').textContent !== '');
    await widget.locator('[data-part="gates"] canvas').first().waitFor(); // the measures come a frame or two later
    const found = await widget.evaluate((w) => ({
      live: w.querySelector('[aria-live][data-part="live"]')?.textContent,
      charts: [...w.querySelectorAll('[data-part="chart"], [data-part="flow"]')].map((c) => [c.getAttribute('role'), c.getAttribute('aria-label')]),
      heatmaps: [...w.querySelectorAll('[data-part="gates"] canvas')].map((c) => [c.getAttribute('role'), c.getAttribute('aria-label')]),
      table: [...w.querySelectorAll('[data-part="flow-table"] tbody tr')].map((tr) => tr.textContent),
    }));
    await page.close();
    assert(/^Stopped at step 1, pass 1: smoothed loss \d\.\d{3} nats per character\.$/.test(found.live ?? ''), `the live region reads "${found.live}"`);
    assert(found.charts.length === 2 && found.charts.every(([role, label]) => role === 'img' && label), `charts: ${JSON.stringify(found.charts)}`);
    assert(found.heatmaps.length === 1 && found.heatmaps.every(([role, label]) => role === 'img' && /mean/.test(label ?? '')), `heatmaps: ${JSON.stringify(found.heatmaps)}`);
    assert(found.table.length === 1 && found.table[0].startsWith('RNN'), `flow table rows: ${JSON.stringify(found.table)}`);
    return `"${found.live}"`;
  });
}
