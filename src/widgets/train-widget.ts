/**
 * <train-widget>: the behaviour of the markup that src/components/TrainWidget.astro renders. It
 * reads the form, refuses bad input, runs one TrainSession (a worker) at a time, and shows what
 * the worker reports, redrawing at most every RENDER_EVERY_MS.
 */
import { createLossChart, type LossChart } from './chart.ts';
import { TrainSession } from './controller.ts';
import { corpora, isCorpusName } from './corpora.ts';
import { LossSeries } from './loss-series.ts';
import type { FromWorker, Readout } from './protocol.ts';
import { type State, formatReadout, liveText, statusText } from './readouts.ts';
import { type Sample, addSample, renderSamples } from './samples.ts';
import { type FormValues, checkText, numberFields, parseSettings } from './settings.ts';

/** The readouts and the chart are redrawn at most this often: fast enough to watch, cheap to paint. */
const RENDER_EVERY_MS = 100;
/** Screen readers hear the numbers at most this often while training. */
const LIVE_EVERY_MS = 10_000;

class TrainWidget extends HTMLElement {
  private readonly session = new TrainSession((message) => this.receive(message));
  private readonly series = new LossSeries();
  private chart: LossChart | null = null;
  private state: State = 'idle';
  private latest: Readout | null = null;
  private samples: Sample[] = [];
  private samplesChanged = false;
  private renderPending = false;
  private lastRender = 0;
  private lastLive = 0;
  /** Bumped by every start and reset, so that a corpus arriving after either is dropped. */
  private generation = 0;
  private readonly onPageHide = () => this.reset();

  connectedCallback(): void {
    this.chart = createLossChart(this.child('chart'), this.series);
    this.button('toggle').addEventListener('click', () => this.toggle());
    this.button('step').addEventListener('click', () => this.stepOnce());
    this.button('reset').addEventListener('click', () => this.reset());
    this.form.corpus.addEventListener('change', () => {
      this.child('own').hidden = this.form.corpus.value !== 'own';
      this.showTextError(null);
    });
    this.form.addEventListener('change', (event) => {
      if (event.target === this.form.corpus || event.target === this.form.text) return;
      const parsed = this.validate();
      // The temperature alone stays editable during a run: it changes only the samples to come.
      if (parsed.ok && (event.target as Element).getAttribute('name') === 'temperature' && this.state !== 'idle') {
        this.session.send({ type: 'temperature', value: parsed.settings.temperature });
      }
    });
    // While a refused value is being corrected, its message follows the typing, so that it has
    // already gone (and the buttons below have stopped moving) when the reader clicks Start.
    this.form.addEventListener('input', (event) => {
      if (event.target === this.form.text) this.showTextError(null);
      else if ((event.target as Element).getAttribute('aria-invalid') === 'true') this.validate();
    });
    this.form.addEventListener('submit', (event) => event.preventDefault());
    // A worker must not outlive the page (nor keep training in the back/forward cache).
    window.addEventListener('pagehide', this.onPageHide);
    this.child('own').hidden = this.form.corpus.value !== 'own';
    this.setState('idle');
    this.render();
  }

  disconnectedCallback(): void {
    window.removeEventListener('pagehide', this.onPageHide);
    this.reset();
    this.chart?.destroy();
    this.chart = null;
  }

  private get form(): HTMLFormElement & { corpus: HTMLSelectElement; text: HTMLTextAreaElement } {
    return this.querySelector('form') as HTMLFormElement & { corpus: HTMLSelectElement; text: HTMLTextAreaElement };
  }

  private child<T extends HTMLElement = HTMLElement>(name: string): T {
    const element = this.querySelector<T>(`[data-part="${name}"]`);
    if (!element) throw new Error(`train-widget: missing [data-part="${name}"]`);
    return element;
  }

  private button(action: 'toggle' | 'step' | 'reset'): HTMLButtonElement {
    return this.querySelector(`button[data-action="${action}"]`) as HTMLButtonElement;
  }

  private get status(): HTMLElement {
    return this.querySelector('.status') as HTMLElement;
  }

  private toggle(): void {
    if (this.state === 'idle') void this.begin('start');
    else if (this.state === 'training') {
      this.session.send({ type: 'pause' });
      this.setState('paused');
    } else if (this.state === 'paused') {
      this.session.send({ type: 'start' });
      this.setState('training');
    }
  }

  private stepOnce(): void {
    if (this.state === 'idle') void this.begin('step');
    else if (this.state === 'paused') this.session.send({ type: 'step' });
  }

  /** Check the form and the text, then open a session that starts training or takes one step. */
  private async begin(action: 'start' | 'step'): Promise<void> {
    const generation = ++this.generation;
    const parsed = this.validate();
    if (!parsed.ok) {
      this.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const corpus = this.form.corpus.value;
    let text: string;
    try {
      text = isCorpusName(corpus) ? await corpora[corpus].load() : this.form.text.value;
    } catch (error) {
      if (generation === this.generation) {
        this.fail(`the text "${corpus}" could not be loaded (${error instanceof Error ? error.message : String(error)})`);
      }
      return;
    }
    if (generation !== this.generation) return;
    const textError = checkText(text, parsed.settings.seqLen);
    this.showTextError(textError);
    if (textError) {
      this.form.text.focus();
      return;
    }
    this.session.open({
      type: 'configure',
      model: this.dataset.model ?? '',
      text,
      settings: parsed.settings,
      maxSteps: Number(this.dataset.steps),
      sampleEvery: Number(this.dataset.sampleEvery),
    });
    this.session.send({ type: action });
    this.setState(action === 'start' ? 'training' : 'paused');
  }

  private validate() {
    const values = {} as FormValues;
    for (const { name } of numberFields) values[name] = (this.form.elements.namedItem(name) as HTMLInputElement).value;
    values.clipMode = (this.form.elements.namedItem('clipMode') as HTMLSelectElement).value;
    const parsed = parseSettings(values);
    const errors: Record<string, string | undefined> = parsed.ok ? {} : parsed.errors;
    for (const { name } of numberFields) {
      const input = this.form.elements.namedItem(name) as HTMLInputElement;
      const message = errors[name] ?? '';
      input.setAttribute('aria-invalid', String(message !== ''));
      (this.querySelector(`[data-error-for="${name}"]`) as HTMLElement).textContent = message;
    }
    return parsed;
  }

  private showTextError(message: string | null): void {
    this.form.text.setAttribute('aria-invalid', String(message !== null));
    (this.querySelector('[data-error-for="text"]') as HTMLElement).textContent = message ?? '';
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'ready':
        this.child('info').textContent =
          `${message.tokens.toLocaleString('en')} characters of text, ${message.vocabSize} distinct; ` +
          `${message.parameters.toLocaleString('en')} parameters.`;
        return;
      case 'progress':
        this.series.append(message.steps, message.losses, message.smoothLosses);
        this.latest = message.latest;
        break;
      case 'sample':
        this.samples = addSample(this.samples, { step: message.step, text: message.text });
        this.samplesChanged = true;
        break;
      case 'done':
        this.session.close();
        this.setState('done');
        break;
      case 'diverged':
        this.session.close();
        this.setState('diverged', message.message);
        break;
      case 'error':
        this.fail(message.message);
        return;
    }
    this.scheduleRender();
  }

  private scheduleRender(): void {
    if (this.renderPending) return;
    this.renderPending = true;
    const wait = Math.max(0, this.lastRender + RENDER_EVERY_MS - performance.now());
    setTimeout(() => requestAnimationFrame(() => this.render()), wait);
  }

  private fail(message: string): void {
    this.session.close();
    this.setState('error', message);
  }

  private reset(): void {
    this.generation++;
    this.session.close();
    this.series.clear();
    this.latest = null;
    this.samples = [];
    this.samplesChanged = true;
    this.child('info').textContent = '';
    this.setState('idle');
    this.render();
  }

  private setState(state: State, detail = ''): void {
    this.state = state;
    const over = state === 'done' || state === 'diverged' || state === 'error';
    const toggle = this.button('toggle');
    const focused = document.activeElement;
    toggle.textContent = state === 'training' ? 'Pause' : state === 'paused' ? 'Resume' : 'Start';
    toggle.disabled = over;
    this.button('step').disabled = state !== 'idle' && state !== 'paused';
    this.button('reset').disabled = state === 'idle';
    for (const field of this.child<HTMLFieldSetElement>('settings').elements) {
      if (field.getAttribute('name') !== 'temperature') (field as HTMLInputElement).disabled = state !== 'idle';
    }
    this.child('settings').toggleAttribute('data-locked', state !== 'idle');
    this.form.corpus.disabled = this.form.text.disabled = state !== 'idle';
    // Keep keyboard focus off a button that has just been disabled: a finished run leaves Reset
    // as the way on, and after Reset the way on is Start.
    const lost = focused instanceof HTMLButtonElement && this.contains(focused) && focused.disabled;
    if (lost) (over ? this.button('reset') : toggle).focus();
    this.status.dataset.state = state;
    this.status.textContent = statusText(state, this.latest?.step ?? 0, detail);
    this.child('live').textContent = state === 'training' || state === 'paused' ? liveText(state, this.latest) : this.status.textContent;
    this.lastLive = performance.now();
  }

  private render(): void {
    this.renderPending = false;
    this.lastRender = performance.now();
    const step = this.latest?.step ?? 0;
    this.status.dataset.step = String(step);
    if (this.state === 'paused') this.status.textContent = statusText('paused', step);
    const cells = this.latest ? formatReadout(this.latest) : null;
    for (const cell of this.querySelectorAll<HTMLElement>('[data-readout]')) {
      cell.textContent = cells ? cells[cell.dataset.readout as keyof Readout] : '–';
    }
    this.chart?.update();
    this.child('chart').toggleAttribute('data-empty', this.series.steps.length === 0);
    if (this.samplesChanged) renderSamples(this.child('samples'), this.samples);
    this.samplesChanged = false;
    if (this.state === 'training' && performance.now() - this.lastLive > LIVE_EVERY_MS) {
      this.child('live').textContent = liveText(this.state, this.latest);
      this.lastLive = performance.now();
    }
  }
}

customElements.define('train-widget', TrainWidget);
