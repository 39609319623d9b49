// The bad-input matrix of the training widget, all on one page (the RNN chapter's widget, put back
// to its defaults between cases). Each case checks that the reader gets one clear message, that no
// worker is left running, and that nothing the reader typed is lost.
import { assert, hydrate, liveWorkers, sleep, state, step, test, waitForStep } from './harness.mjs';

const path = '/phase-1/rnn/';

/** The error messages the widget shows next to its fields. */
const fieldErrors = (widget) => widget.locator('.tw-error').evaluateAll((els) => els.map((e) => e.textContent.trim()).filter(Boolean));
const statusText = (widget) => widget.locator('.status').textContent();
const value = (widget, label) => widget.getByLabel(label, { exact: true }).inputValue();

/** Type into a number field as a reader would (fill() refuses text that is not a number, which a reader can type). */
async function typeInto(widget, label, text) {
  const field = widget.getByLabel(label, { exact: true });
  await field.fill('');
  await field.pressSequentially(text);
}

/** Put every field back to its default, with no run and no message; reload the page if that does not leave a clean widget. */
async function fresh(session) {
  const { widget, page } = session;
  const reset = widget.getByRole('button', { name: 'Reset' });
  if (await reset.isEnabled()) await reset.click();
  await page.evaluate(() => {
    const form = document.querySelector('train-widget form');
    for (const field of form.elements) {
      if (field instanceof HTMLInputElement) field.value = field.defaultValue;
      else if (field instanceof HTMLTextAreaElement) field.value = '';
      else if (field instanceof HTMLSelectElement) {
        for (const option of [...field.options]) if (option.value === 'bogus') option.remove();
        field.value = [...field.options].find((o) => o.defaultSelected)?.value ?? field.options[0].value;
      }
    }
    // The widget shows the selected model and text when these change, and checks a marked field again as it is typed in.
    for (const name of ['corpus', 'model']) form.elements.namedItem(name).dispatchEvent(new Event('change', { bubbles: true }));
    form.querySelector('input[aria-invalid="true"]')?.dispatchEvent(new Event('input', { bubbles: true }));
    // Every case counts its own workers (a worker that is still running makes the page reload below).
    if (window.__workers.created === window.__workers.terminated) {
      Object.assign(window.__workers, { created: 0, terminated: 0, latest: null });
      window.__workers.list.length = 0;
    }
  });
  const clean = (await state(widget)) === 'idle' && (await fieldErrors(widget)).length === 0 && (await liveWorkers(page)) === 0;
  if (!clean) await open(session);
}

async function open(session) {
  await session.page?.close();
  session.page = await session.context.newPage();
  await session.page.goto(session.base + path);
  session.widget = await hydrate(session.page);
}

/**
 * Start with the form as it is and expect the widget to refuse it: exactly one message, `expected`,
 * at `field`, which is marked invalid and has the focus; nothing starts; the field keeps what was typed.
 */
async function expectRefusal({ page, widget }, { field, label, typed, expected }) {
  await widget.getByRole('button', { name: 'Start' }).click();
  const error = widget.locator(`[data-error-for="${field}"]`);
  await error.waitFor({ state: 'visible', timeout: 5000 });
  const messages = await fieldErrors(widget);
  assert(messages.length === 1 && messages[0] === expected, `messages: ${JSON.stringify(messages)}; expected ${JSON.stringify(expected)}`);
  const input = widget.getByLabel(label, { exact: true });
  assert((await input.getAttribute('aria-invalid')) === 'true', `${label} is not marked invalid`);
  const focused = await page.evaluate(() => document.activeElement?.getAttribute('name'));
  assert(focused === field, `the focus is on ${focused}, not on ${field}`);
  await sleep(200);
  assert((await state(widget)) === 'idle', `state is ${await state(widget)}`);
  const workers = await page.evaluate(() => window.__workers.created);
  assert((await liveWorkers(page)) === 0, `${workers} worker(s) created`);
  if (typed !== undefined) assert((await input.inputValue()) === typed, `${label} now holds "${await input.inputValue()}", not "${typed}"`);
}

/** Choose "Your text" and put `text` in it as a paste would (one input event), without typing it key by key. */
async function paste(widget, text) {
  await widget.getByLabel('Train on').selectOption('own');
  await widget.getByLabel('Your text').evaluate((area, t) => {
    area.value = t;
    area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }, text);
}

/** Start on the own text and wait for the first sample; what the widget then shows of the text. */
async function trainOnOwnText({ page, widget }) {
  await widget.getByRole('button', { name: 'Start' }).click();
  await page.waitForFunction(
    () => document.querySelector('train-widget .tw-samples pre') || document.querySelector('train-widget .status').dataset.state !== 'training',
    null,
    { timeout: 30_000 },
  );
  assert((await state(widget)) === 'training', `the run stopped: ${await statusText(widget)}`);
  return widget.evaluate((w) => ({
    info: w.querySelector('[data-part="info"]').textContent,
    samples: [...w.querySelectorAll('.tw-samples pre')].map((p) => p.textContent),
    labels: [...w.querySelectorAll('[data-part="gates"] .hm-chars span')].map((s) => s.textContent),
    elements: [...w.querySelectorAll('script, img, iframe, object')].map((e) => e.outerHTML),
  }));
}

/** Reset the run and check that it left no worker behind and kept the text. */
async function resetKeepsText({ page, widget }, text) {
  await widget.getByRole('button', { name: 'Reset' }).click();
  assert((await state(widget)) === 'idle', `state after Reset is ${await state(widget)}`);
  assert((await liveWorkers(page)) === 0, `${await liveWorkers(page)} worker(s) still running after Reset`);
  const kept = await widget.getByLabel('Your text').inputValue();
  assert(kept === text, `the text changed: ${kept.length} characters, not ${text.length}`);
}

/** The characters of a text as the tokeniser counts them, and how many are distinct. */
const counts = (text) => ({ n: Array.from(text).length, distinct: new Set(Array.from(text)).size });
const wellFormed = (s) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

export async function badInputChecks({ context, base }) {
  const session = { context, base, page: null, widget: null };
  await open(session);
  /** A case of the matrix: starts from the widget's defaults. */
  const matrix = (name, fn) =>
    test(`bad input: ${name}`, async () => {
      await fresh(session);
      return fn(session);
    });

  // The text.
  await matrix('an empty own text is refused with the allowed lengths, and no worker starts', async (s) => {
    await paste(s.widget, '');
    await expectRefusal(s, { field: 'text', label: 'Your text', typed: '', expected: 'Your text is empty; paste 26 to 200,000 characters.' });
  });

  await matrix('a 1-character text is refused with the allowed lengths', async (s) => {
    await paste(s.widget, 'a');
    await expectRefusal(s, { field: 'text', label: 'Your text', typed: 'a', expected: 'Your text has 1 character; sequence length 25 needs 26 to 200,000 characters.' });
  });

  await matrix('a text shorter than one window is refused with one message', async (s) => {
    await paste(s.widget, 'abc');
    await expectRefusal(s, { field: 'text', label: 'Your text', typed: 'abc', expected: 'Your text has 3 characters; sequence length 25 needs 26 to 200,000 characters.' });
  });

  await matrix('25 characters at sequence length 25 are refused (a window needs 26); 26 train', async (s) => {
    const text = 'abcdefghijklmnopqrstuvwxyz';
    await paste(s.widget, text.slice(0, 25));
    await expectRefusal(s, { field: 'text', label: 'Your text', typed: text.slice(0, 25), expected: 'Your text has 25 characters; sequence length 25 needs 26 to 200,000 characters.' });
    await paste(s.widget, text);
    await s.widget.getByRole('button', { name: 'Start' }).click();
    await waitForStep(s.page, 10);
    await resetKeepsText(s, text);
  });

  await matrix('a 10 MB paste is refused with the limit at once, the tab stays responsive, and the text is kept', async (s) => {
    const big = await s.page.evaluate(() => {
      const text = 'The crow dropped a pebble into the pitcher. '.repeat(Math.ceil(10_000_000 / 44)).slice(0, 10_000_000);
      const area = document.querySelector('train-widget textarea');
      document.querySelector('train-widget select[name="corpus"]').value = 'own';
      document.querySelector('train-widget select[name="corpus"]').dispatchEvent(new Event('change', { bubbles: true }));
      area.value = text;
      area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
      return text.length;
    });
    // From the click to the message: the time, the long tasks of the main thread, then whether a frame still comes.
    await s.page.evaluate(() => {
      window.__long = [];
      new PerformanceObserver((list) => window.__long.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
      const message = document.querySelector('train-widget [data-error-for="text"]');
      document.querySelector('train-widget button[data-action="toggle"]').addEventListener('click', () => (window.__clicked = performance.now()), { once: true, capture: true });
      new MutationObserver((_, observer) => {
        window.__refused = performance.now();
        observer.disconnect();
      }).observe(message, { childList: true, characterData: true, subtree: true });
    });
    await expectRefusal(s, { field: 'text', label: 'Your text', expected: 'Your text is longer than 200,000 characters, the limit.' });
    const refusedAfter = Math.round(await s.page.evaluate(() => window.__refused - window.__clicked));
    const frame = await s.page.evaluate(() => new Promise((resolve) => { const t = performance.now(); requestAnimationFrame(() => resolve(performance.now() - t)); }));
    const long = await s.page.evaluate(() => window.__long);
    const kept = await s.page.evaluate(() => document.querySelector('train-widget textarea').value.length);
    assert(kept === big, `the text box holds ${kept} characters, not the ${big} pasted`);
    // Laying out 10 MB in the text box is the browser's work, at the paste; the refusal itself must
    // not freeze the tab (moving the focus into the box costs the browser 0.1–0.3 s).
    assert(refusedAfter < 500, `the refusal came ${refusedAfter} ms after the click`);
    assert(frame < 500, `the next frame came ${frame.toFixed(0)} ms later`);
    assert(long.every((d) => d < 1000), `long tasks after Start: ${long.map((d) => d.toFixed(0)).join(', ')} ms`);
    return `refused ${refusedAfter} ms after the click; long tasks ${long.map((d) => d.toFixed(0)).join(', ') || 'none'}; next frame after ${frame.toFixed(0)} ms`;
  });

  await matrix('200,001 characters, one over the limit, are refused with the count', async (s) => {
    const text = 'ab'.repeat(100_000) + 'c';
    await paste(s.widget, text);
    await expectRefusal(s, { field: 'text', label: 'Your text', typed: text, expected: 'Your text has 200,001 characters, over the limit of 200,000.' });
  });

  await matrix('a lone surrogate (half an emoji) is refused, naming where it is', async (s) => {
    const text = `${'a'.repeat(30)}\ud83d${'b'.repeat(30)}`;
    await paste(s.widget, text);
    await expectRefusal(s, {
      field: 'text', label: 'Your text', typed: text,
      expected: 'Your text has a broken character at character 31: half of a UTF-16 surrogate pair (U+D83D), not a character on its own; remove it or copy the text again.',
    });
  });

  await matrix('emoji, ZWJ sequences and astral letters train by code point: samples and heatmap labels never split a surrogate pair', async (s) => {
    const text = '🐦 drinks 💧 from the 🏺; 👩‍👩‍👧 watch. 𝔗𝔥𝔢 𝔠𝔯𝔬𝔴 🐦‍⬛ 🇬🇧 😀😃😄. '.repeat(12);
    const { n, distinct } = counts(text);
    await paste(s.widget, text);
    const seen = await trainOnOwnText(s);
    assert(seen.info.includes(`${n.toLocaleString('en')} characters of text, ${distinct} distinct`), `info reads "${seen.info}", expected ${n} characters, ${distinct} distinct`);
    const broken = [...seen.samples, ...seen.labels].filter((t) => !wellFormed(t));
    assert(broken.length === 0, `text with a lone surrogate: ${JSON.stringify(broken.slice(0, 3))}`);
    assert(seen.labels.every((l) => Array.from(l).length === 1), `heatmap labels that are not one character: ${seen.labels.filter((l) => Array.from(l).length !== 1).join(' ')}`);
    assert(seen.labels.slice(0, 2).join('') === '🐦␣', `the heatmap begins ${seen.labels.slice(0, 2).join('')}`);
    await resetKeepsText(s, text);
    return `${text.length} UTF-16 units, ${n} characters, ${distinct} distinct; sample "${seen.samples[0].slice(0, 30)}…"`;
  });

  await matrix('combining marks train by code point, each mark a character of its own', async (s) => {
    const text = 'cafe\u0301 nai\u0308ve co\u0302te\u0301 re\u0301sume\u0301 Zu\u0308rich '.repeat(8);
    const { n, distinct } = counts(text);
    await paste(s.widget, text);
    const seen = await trainOnOwnText(s);
    assert(seen.info.includes(`${n.toLocaleString('en')} characters of text, ${distinct} distinct`), `info reads "${seen.info}", expected ${n} characters, ${distinct} distinct`);
    assert(seen.labels[4] === '\u0301', `the fifth heatmap label is ${JSON.stringify(seen.labels[4])}, not the combining acute accent`);
    await resetKeepsText(s, text);
    return `${n} characters, ${distinct} distinct (the combining marks among them)`;
  });

  for (const [what, payload] of [
    ['<script>', '<script>window.__xss = 1</script> '],
    ['<img onerror>', '<img src=x onerror="window.__xss=1"> '],
  ]) {
    await matrix(`a text of ${what} payloads is shown as text in the samples and the heatmap, and nothing runs`, async (s) => {
      const text = payload.repeat(30);
      await paste(s.widget, text);
      const seen = await trainOnOwnText(s);
      assert(seen.elements.length === 0, `elements made from the text: ${seen.elements.join(', ')}`);
      assert(seen.samples.some((t) => t.includes('<')), `no "<" in the samples: ${JSON.stringify(seen.samples[0])}`);
      assert(seen.labels.slice(0, 4).join('') === payload.slice(0, 4), `the heatmap begins "${seen.labels.slice(0, 4).join('')}"`);
      const xss = await s.page.evaluate(() => window.__xss);
      assert(xss === undefined, 'the payload ran');
      await resetKeepsText(s, text);
    });
  }

  await matrix('the own text survives switching to a built-in text and back', async (s) => {
    const text = 'My own words, typed by hand. '.repeat(3);
    await s.widget.getByLabel('Train on').selectOption('own');
    await s.widget.getByLabel('Your text').fill(text);
    await s.widget.getByLabel('Train on').selectOption('thirsty-crow');
    await s.widget.getByRole('button', { name: 'Start' }).click();
    await waitForStep(s.page, 10);
    await s.widget.getByRole('button', { name: 'Reset' }).click();
    await s.widget.getByLabel('Train on').selectOption('own');
    assert((await s.widget.getByLabel('Your text').inputValue()) === text, 'the own text was lost');
    assert((await liveWorkers(s.page)) === 0, 'a worker is still running');
  });

  // The settings.
  const settings = [
    ['an empty hidden size (no number) is refused', 'hidden', 'Hidden size H', '', 'hidden size must be an integer in 1..512, got no number'],
    ['a learning rate of "e" (typed, not a number) is refused', 'lr', 'Learning rate', 'e', 'learning rate must be a number in 0.000001..1, got no number'],
    ['hidden size −3 is refused with the allowed range', 'hidden', 'Hidden size H', '-3', 'hidden size must be an integer in 1..512, got -3'],
    ['a negative sequence length is refused', 'seqLen', 'Sequence length T', '-1', 'sequence length must be an integer in 1..256, got -1'],
    ['a learning rate of 0 is refused', 'lr', 'Learning rate', '0', 'learning rate must be a number in 0.000001..1, got 0'],
    ['a clipping threshold of 0 is refused', 'clipMax', 'Clip threshold', '0', 'clipping threshold must be a number in 0.001..1000, got 0'],
    ['a temperature of 0 is refused', 'temperature', 'Temperature', '0', 'temperature must be a number in 0.01..10, got 0'],
    ['a fractional hidden size is refused', 'hidden', 'Hidden size H', '2.5', 'hidden size must be an integer in 1..512, got 2.5'],
    ['a fractional seed is refused', 'seed', 'Seed', '1.5', 'seed must be an integer in 0..4294967295, got 1.5'],
    ['hidden size 1e6 is refused with the allowed range', 'hidden', 'Hidden size H', '1e6', 'hidden size must be an integer in 1..512, got 1000000'],
    ['a huge sequence length is refused', 'seqLen', 'Sequence length T', '1000000', 'sequence length must be an integer in 1..256, got 1000000'],
    ['seed 2^32, one past the largest, is refused', 'seed', 'Seed', '4294967296', 'seed must be an integer in 0..4294967295, got 4294967296'],
  ];
  for (const [name, field, label, typed, expected] of settings) {
    await matrix(name, async (s) => {
      await typeInto(s.widget, label, typed);
      await expectRefusal(s, { field, label, typed: await value(s.widget, label), expected });
    });
  }

  await matrix('three bad fields at once: each says what is wrong, and the focus goes to the first', async (s) => {
    await typeInto(s.widget, 'Hidden size H', '0');
    await typeInto(s.widget, 'Learning rate', '2');
    await typeInto(s.widget, 'Seed', '-1');
    await s.widget.getByRole('button', { name: 'Start' }).click();
    await s.widget.locator('[data-error-for="seed"]').waitFor({ state: 'visible' });
    const messages = await fieldErrors(s.widget);
    const expected = [
      'hidden size must be an integer in 1..512, got 0',
      'learning rate must be a number in 0.000001..1, got 2',
      'seed must be an integer in 0..4294967295, got -1',
    ];
    assert(JSON.stringify(messages) === JSON.stringify(expected), `messages: ${JSON.stringify(messages)}`);
    assert((await s.page.evaluate(() => document.activeElement?.getAttribute('name'))) === 'hidden', 'the focus is not on the first bad field');
    assert((await liveWorkers(s.page)) === 0 && (await state(s.widget)) === 'idle', 'a run started');
  });

  await matrix('an empty temperature during a run is refused next to the field, and the run goes on', async (s) => {
    await s.widget.getByRole('button', { name: 'Start' }).click();
    await waitForStep(s.page, 20);
    await s.widget.getByLabel('Temperature').fill('');
    await s.widget.getByLabel('Temperature').press('Tab');
    const messages = await fieldErrors(s.widget);
    assert(JSON.stringify(messages) === JSON.stringify(['temperature must be a number in 0.01..10, got no number']), `messages: ${JSON.stringify(messages)}`);
    const before = await step(s.widget);
    await waitForStep(s.page, before + 50);
    assert((await state(s.widget)) === 'training', `state is ${await state(s.widget)}`);
  });

  // Divergence.
  await matrix('learning rate 1 with clipping at 1000 diverges: the run stops, says so, and offers Reset, which keeps the settings', async (s) => {
    await s.widget.getByLabel('Learning rate').fill('1');
    await s.widget.getByLabel('Clip threshold').fill('1000');
    await s.widget.getByRole('button', { name: 'Start' }).click();
    await s.page.waitForFunction(() => document.querySelector('train-widget .status').dataset.state !== 'training', null, { timeout: 20_000 });
    const status = await statusText(s.widget);
    assert((await state(s.widget)) === 'diverged', `state ${await state(s.widget)}: ${status}`);
    assert(/^Training diverged at step \d+: .*try a lower learning rate or a tighter clipping threshold\. Reset to start again\.$/.test(status), `status reads "${status}"`);
    assert(await s.widget.getByRole('button', { name: 'Reset' }).isEnabled(), 'Reset is not enabled');
    assert(await s.widget.getByRole('button', { name: 'Start' }).isDisabled(), 'Start is still enabled on a diverged run');
    assert((await liveWorkers(s.page)) === 0, 'the diverged run left its worker running');
    await s.widget.getByRole('button', { name: 'Reset' }).click();
    assert((await state(s.widget)) === 'idle', `state after Reset is ${await state(s.widget)}`);
    assert((await value(s.widget, 'Learning rate')) === '1' && (await value(s.widget, 'Clip threshold')) === '1000', 'Reset changed the settings');
    return status;
  });

  // Buttons pressed over and over.
  /** Each training worker's steps so far; none may have skipped or repeated a step. */
  const workerSteps = (page) => page.evaluate(() => window.__workers.list.map((w) => ({ steps: w.lastStep, breaks: w.breaks, terminated: w.terminated })));

  await matrix('Start/Pause pressed 100 times quickly: one worker, one loop, and the button always names what it will do', async (s) => {
    const toggle = s.widget.locator('button[data-action="toggle"]');
    await toggle.focus();
    for (let i = 0; i < 100; i++) await s.page.keyboard.press('Enter');
    await sleep(500);
    const label = await toggle.textContent();
    const expected = label === 'Pause' ? 'training' : label === 'Resume' ? 'paused' : 'idle';
    assert((await state(s.widget)) === expected, `the button reads ${label} in state ${await state(s.widget)}`);
    const before = await workerSteps(s.page);
    await sleep(1000);
    const after = await workerSteps(s.page);
    assert(after.length === 1, `${after.length} workers created`);
    assert(after[0].breaks.length === 0, `steps skipped or repeated: ${after[0].breaks.join(', ')}`);
    const moved = after[0].steps - before[0].steps;
    assert(expected === 'training' ? moved > 0 : moved === 0, `in state ${expected} the worker moved ${moved} steps in 1 s`);
    // Paused, the counter the reader sees stops at the step the one worker reached, not beyond it.
    if (expected === 'training') await toggle.click();
    await sleep(500);
    const [worker] = await workerSteps(s.page);
    assert((await step(s.widget)) === worker.steps, `the counter reads ${await step(s.widget)}, the worker took ${worker.steps} steps`);
    await s.widget.getByRole('button', { name: 'Reset' }).click();
    assert((await liveWorkers(s.page)) === 0, 'a worker outlived Reset');
    return `ended ${expected}, ${after[0].steps} steps in one unbroken sequence`;
  });

  await matrix('Step pressed 100 times quickly takes exactly 100 steps, in order', async (s) => {
    const stepButton = s.widget.getByRole('button', { name: 'Step' });
    await stepButton.click();
    await waitForStep(s.page, 1, 10_000);
    await stepButton.focus();
    for (let i = 0; i < 100; i++) await s.page.keyboard.press('Enter');
    await waitForStep(s.page, 101, 20_000);
    await sleep(500);
    const [worker] = await workerSteps(s.page);
    assert((await step(s.widget)) === 101, `the counter reads ${await step(s.widget)}, not 101`);
    assert(worker.steps === 101 && worker.breaks.length === 0, `the worker reported ${worker.steps} steps, breaks ${worker.breaks.join(', ')}`);
  });

  // The next two press faster than a reader could, from within the page.
  await matrix('Start and Reset pressed in turn, 100 presses quickly: every worker is terminated and nothing trains afterwards', async (s) => {
    await s.page.evaluate(async () => {
      const [toggle, reset] = ['toggle', 'reset'].map((a) => document.querySelector(`train-widget button[data-action="${a}"]`));
      const task = () => new Promise((resolve) => setTimeout(resolve));
      for (let i = 0; i < 50; i++) {
        toggle.click();
        await task();
        reset.click();
        await task();
      }
    });
    await sleep(300);
    const reset = s.widget.locator('button[data-action="reset"]');
    if (await reset.isEnabled()) await reset.click();
    await sleep(1000);
    const workers = await s.page.evaluate(() => window.__workers);
    assert(workers.created === workers.terminated, `created ${workers.created}, terminated ${workers.terminated}`);
    assert((await state(s.widget)) === 'idle' && (await step(s.widget)) === 0, `state ${await state(s.widget)} at step ${await step(s.widget)}`);
    return `${workers.created} workers created, all terminated`;
  });

  await matrix('the model switched 100 times while training: one model trains at a time, and Reset ends every worker', async (s) => {
    await s.page.evaluate(async () => {
      const model = document.querySelector('train-widget select[name="model"]');
      const toggle = document.querySelector('train-widget button[data-action="toggle"]');
      const names = ['rnn', 'lstm', 'gru'];
      for (let i = 0; i < 100; i++) {
        model.value = names[i % 3];
        model.dispatchEvent(new Event('change', { bubbles: true }));
        if (i % 7 === 0) toggle.click();
        // Every tenth switch lets the page draw and the workers' messages in (a frame costs 0.1–0.2 s here).
        await new Promise((resolve) => (i % 10 === 9 ? setTimeout(resolve) : queueMicrotask(resolve)));
      }
    });
    await sleep(1000);
    const before = await workerSteps(s.page);
    await sleep(1500);
    const after = await workerSteps(s.page);
    const moving = after.filter((w, i) => w.steps > before[i].steps).length;
    assert(after.length <= 3, `${after.length} workers for 3 models`);
    assert(moving <= 1, `${moving} workers trained at once`);
    assert(after.every((w) => w.breaks.length === 0), `steps skipped or repeated: ${after.flatMap((w) => w.breaks).join(', ')}`);
    await s.widget.getByRole('button', { name: 'Reset' }).click();
    const workers = await s.page.evaluate(() => window.__workers);
    assert(workers.created === workers.terminated, `after Reset: created ${workers.created}, terminated ${workers.terminated}`);
    return `${after.length} workers, ${moving} training at the end`;
  });

  // A worker that fails.
  await matrix('a worker script that cannot load: the widget says so, and Reset recovers', async (s) => {
    await s.page.route('**/train.worker*', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await s.widget.getByRole('button', { name: 'Start' }).click();
    await s.page.waitForFunction(() => document.querySelector('train-widget .status').dataset.state === 'error', null, { timeout: 10_000 });
    const status = await statusText(s.widget);
    await s.page.unroute('**/train.worker*');
    assert(status === 'Error: The training worker could not be started. Reset to start again.', `status reads "${status}"`);
    assert((await liveWorkers(s.page)) === 0, 'the failed worker was not terminated');
    await s.widget.getByRole('button', { name: 'Reset' }).click();
    await s.widget.getByRole('button', { name: 'Start' }).click();
    await waitForStep(s.page, 20);
    return status;
  });

  await matrix('a worker that throws as it starts (an unknown model): the widget shows the error, and Reset recovers', async (s) => {
    await s.page.evaluate(() => {
      const select = document.querySelector('train-widget select[name="model"]');
      select.add(new Option('Bogus', 'bogus'));
      select.value = 'bogus';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await s.widget.getByRole('button', { name: 'Start' }).click();
    await s.page.waitForFunction(() => document.querySelector('train-widget .status').dataset.state === 'error', null, { timeout: 10_000 });
    const status = await statusText(s.widget);
    assert(status === 'Error: Unknown model "bogus"; the widget knows rnn, lstm, gru, word-rnn, word-lstm, word-gru, torch-gru, encoder-decoder, bahdanau, luong. Reset to start again.', `status reads "${status}"`);
    assert((await liveWorkers(s.page)) === 0, 'the failed worker was not terminated');
    await s.widget.getByRole('button', { name: 'Reset' }).click();
    await s.widget.getByLabel('Model', { exact: true }).selectOption('rnn');
    await s.widget.getByRole('button', { name: 'Start' }).click();
    await waitForStep(s.page, 20);
    return status;
  });

  await matrix('a worker that throws mid-run: the widget shows the error, and Reset recovers', async (s) => {
    await s.widget.getByRole('button', { name: 'Start' }).click();
    await waitForStep(s.page, 20);
    // A message the page never sends (its form refuses the value) makes the training loop throw.
    await s.page.evaluate(() => window.__workers.latest.postMessage({ type: 'temperature', value: -1 }));
    await s.page.waitForFunction(() => document.querySelector('train-widget .status').dataset.state === 'error', null, { timeout: 10_000 });
    const status = await statusText(s.widget);
    assert(status === 'Error: Temperature must be a number in 0.01..10, got -1. Reset to start again.', `status reads "${status}"`);
    assert((await liveWorkers(s.page)) === 0, 'the failed worker was not terminated');
    await s.widget.getByRole('button', { name: 'Reset' }).click();
    await s.widget.getByRole('button', { name: 'Start' }).click();
    await waitForStep(s.page, 20);
    return status;
  });

  // Last: it leaves the page.
  await matrix('navigating to another page mid-run ends the worker', async (s) => {
    const started = new Promise((resolve) => s.page.on('worker', (w) => w.url().includes('train.worker') && resolve(w)));
    await s.widget.getByRole('button', { name: 'Start' }).click();
    await waitForStep(s.page, 20);
    const worker = await started;
    const closed = new Promise((resolve) => worker.once('close', () => resolve('closed')));
    await s.page.goto(s.base + '/references/');
    const result = await Promise.race([closed, sleep(5000).then(() => 'still running')]);
    assert(result === 'closed', `5 s after leaving, the worker is ${result}`);
  });

  await session.page.close();

  await test('bad input: a word model given a text of too few words says how many tokens it makes and how many a window needs', async () => {
    const page = await context.newPage();
    await page.goto(base + '/phase-2/word-rnn/');
    const widget = await hydrate(page);
    // 44 characters, enough for a character model's window; as words: <SOS>, 9 words, ".", <EOS>.
    await paste(widget, 'The crow drank the water and flew away home.');
    await widget.getByRole('button', { name: 'Start' }).click();
    await page.waitForFunction(() => document.querySelector('train-widget .status').dataset.state === 'error', null, { timeout: 10_000 });
    const status = await statusText(widget);
    assert(
      status === 'Error: Your text makes 12 tokens (words, marks and sentence ends); sequence length 25 needs at least 26: use a longer text or a shorter sequence length. Reset to start again.',
      `status reads "${status}"`,
    );
    assert((await liveWorkers(page)) === 0, 'the failed worker was not terminated');
    await page.close();
    return status;
  });
}
