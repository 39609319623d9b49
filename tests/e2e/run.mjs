// Browser tests of the built site: what a reader sees. Run `npm run build` first, then
// `npm run test:e2e`. Serves dist/ with `astro preview`, drives the system Chromium through
// playwright-core, prints one line per test and ends with "N passed, N failed".
// `node tests/e2e/run.mjs bad-input,determinism` runs only the named groups.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { accessibilityChecks } from './a11y.mjs';
import { badInputChecks } from './bad-input.mjs';
import { budgetChecks } from './budgets.mjs';
import { determinismChecks } from './determinism.mjs';
import { chapterPages, distPages, instrument, results, shots, startPreview } from './harness.mjs';
import { siteChecks } from './site.mjs';
import { widgetChecks } from './widget.mjs';

const groups = {
  site: siteChecks,
  widget: widgetChecks,
  'bad-input': badInputChecks,
  determinism: determinismChecks,
  budgets: budgetChecks,
  a11y: accessibilityChecks,
};
const only = process.argv[2]?.split(',');
const unknown = only?.filter((name) => !Object.hasOwn(groups, name)) ?? [];
if (unknown.length > 0) {
  console.log(`unknown test group ${unknown.join(', ')}; the groups are ${Object.keys(groups).join(', ')}`);
  process.exit(2);
}

const started = Date.now();
const profile = mkdtempSync(join(tmpdir(), 'e2e-chromium-'));
let preview;
let context;

try {
  preview = await startPreview();
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
  await context.addInitScript(instrument);
  mkdirSync(shots, { recursive: true });
  const env = { context, base: preview.base, pages: distPages(), chapters: chapterPages() };
  console.log(`serving dist/ at ${env.base}: ${env.pages.length} pages, chapters ${env.chapters.join(' ')}`);
  for (const [name, checks] of Object.entries(groups)) {
    if (!only || only.includes(name)) await checks(env);
  }
} catch (error) {
  results.failed++;
  console.log(`FAIL  setup: ${error?.message ?? error}\n${preview?.log() ?? ''}`);
} finally {
  await context?.close();
  preview?.child.kill();
  rmSync(profile, { recursive: true, force: true });
}

console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
console.log(`${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed > 0 ? 1 : 0);
