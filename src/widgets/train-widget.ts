/**
 * <train-widget>: the behaviour of the markup that src/components/TrainWidget.astro renders. It
 * reads the form and refuses bad input. The reader picks a model; each model keeps its own run (a
 * worker), on the same text and settings, and one trains at a time. The loss chart and the
 * gradient-flow panel show every run; the buttons, readouts, samples and gate heatmap the selected
 * one. Redraws at most every RENDER_EVERY_MS.
 */
import { type AlignmentView, createAlignment } from './alignment.ts';
import { type Chart, alignSeries, createChart } from './chart.ts';
import { corpora, isCorpusName } from './corpora.ts';
import type { WordMap } from './embedding-map.ts';
import type { Heatmap } from './heatmap.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import { type State, formatReadout, liveText, statusText } from './readouts.ts';
import { Run, modelColor, modelLabel } from './run.ts';
import { addSample, renderSamples } from './samples.ts';
import { type FormValues, checkText, numberFields, parseSettings } from './settings.ts';
import { isPairTaskName, pairTasks } from './tasks.ts';
import { checkSetting } from '../../lib/train/limits.ts';

/** The readouts and the charts are redrawn at most this often: fast enough to watch, cheap to paint. */
const RENDER_EVERY_MS = 100;
/** Screen readers hear the numbers at most this often while training. */
const LIVE_EVERY_MS = 10_000;


class TrainWidget extends HTMLElement {
  private runs = new Map<string, Run>();
  private lossChart: Chart | null = null;
  private flowChart: Chart | null = null;
  private heatmap: Heatmap | null = null;
  private wordMap: WordMap | null = null;
  private alignment: AlignmentView | null = null;
  /** A language model's panels (lm-panels.ts), once loaded. */
  private panels: typeof import('./lm-panels.ts') | null = null;
  /** Sequence-to-sequence models: they train on a task's pairs rather than a text. */
  private pairs = false;
  /** What the model reads: 'character', or 'token' for a word model (words, marks and sentence ends). */
  private unit = 'character';
  private samplesChanged = false;
  private translationChanged = false;
  /** Why the reader's source was not sent (empty, or a bad beam width); '' when it was. */
  private sourceProblem = '';
  private measuresChanged = false;
  private renderPending = false;
  private lastRender = 0;
  private lastLive = 0;
  /** Bumped by every start and reset, so that a corpus arriving after either is dropped. */
  private generation = 0;
  private readonly onPageHide = () => this.reset();
  // A hidden page draws no frames, so a run held for its first picture would wait until the reader
  // came back: it starts at once instead.
  private readonly onHidden = () => {
    if (document.hidden) this.release(true);
  };

  connectedCallback(): void {
    this.pairs = this.dataset.unit === 'pair';
    this.unit = this.dataset.unit === 'char' ? 'character' : 'token';
    this.lossChart = createChart(this.child('chart'), { xLabel: 'step', yLabel: `nats per ${this.unit}` });
    const words = this.querySelector<HTMLInputElement>('input[name="word"]');
    if (this.pairs) this.connectPairs();
    else {
      this.flowChart = createChart(this.child('flow'), { xLabel: 'time step t', yLabel: '‖∂L_T/∂h_t‖', logY: true });
      // The buttons stay disabled until the panels have come: a run's first measures need them.
      void import('./lm-panels.ts').then((panels) => {
        if (!this.isConnected) return;
        this.panels = panels;
        this.heatmap = panels.createHeatmap(this.child('gates'), { column: this.unit });
        if (words) this.wordMap = panels.createWordMap(this.child('embedding'));
        this.measuresChanged = true;
        this.showState();
        this.render();
      }, (error: unknown) => this.showState(`the widget's panels could not be loaded (${error instanceof Error ? error.message : String(error)})`));
    }
    words?.addEventListener('change', () => this.askAbout(words.value));
    words?.addEventListener('focus', () => this.fillWordList(this.current));
    this.button('toggle').addEventListener('click', () => this.toggle());
    this.button('step').addEventListener('click', () => this.stepOnce());
    this.button('reset').addEventListener('click', () => this.reset());
    this.modelSelect.addEventListener('change', () => this.select());
    this.form.corpus?.addEventListener('change', () => {
      this.child('own').hidden = this.form.corpus!.value !== 'own';
      this.showTextError(null);
    });
    // The temperature alone stays editable during a run: it changes only the samples to come. Other
    // fields are checked on Start, not as they lose the focus: a message appearing then would move
    // the buttons below between the press and the release of the click on Start, which is lost.
    this.form.addEventListener('change', (event) => {
      if ((event.target as Element).getAttribute('name') !== 'temperature' || this.runs.size === 0) return;
      const parsed = this.validate();
      const value = parsed.ok ? parsed.settings.temperature : undefined;
      if (value !== undefined) for (const run of this.runs.values()) run.session.send({ type: 'temperature', value });
    });
    // While a refused value is being corrected, its message follows the typing, so that it has
    // already gone (and the buttons below have stopped moving) when the reader clicks Start.
    this.form.addEventListener('input', (event) => {
      if (this.form.text && event.target === this.form.text) this.showTextError(null);
      else if ((event.target as Element).getAttribute('aria-invalid') === 'true') this.validate();
    });
    this.form.addEventListener('submit', (event) => event.preventDefault());
    // A worker must not outlive the page (nor keep training in the back/forward cache).
    window.addEventListener('pagehide', this.onPageHide);
    document.addEventListener('visibilitychange', this.onHidden);
    if (this.form.corpus) this.child('own').hidden = this.form.corpus.value !== 'own';
    if (this.pairs) this.showState();
    this.render();
  }

  /** A sequence-to-sequence widget's task choice and the reader's source. */
  private connectPairs(): void {
    this.alignment = createAlignment(this.child('alignment'));
    const task = this.taskSelect!;
    // A task brings the chapters' model sizes for it, which the reader may then change.
    task.addEventListener('change', () => {
      const chosen = task.selectedOptions[0];
      for (const name of ['hidden', 'embedding'] as const) {
        const input = this.form.elements.namedItem(name) as HTMLInputElement;
        input.value = chosen.dataset[name] ?? input.value;
      }
      this.sourceInput.placeholder = `e.g. ${chosen.dataset.example ?? ''}`;
      this.validate();
    });
    const decode = this.translateControl<HTMLSelectElement>('decode');
    // The width applies to beam search alone (and the browser may restore either choice on reload).
    const widthApplies = () => (this.translateControl('beamWidth').disabled = decode.value !== 'beam');
    widthApplies();
    decode.addEventListener('change', () => {
      widthApplies();
      this.askForAnswer();
    });
    this.translateControl('beamWidth').addEventListener('change', () => this.askForAnswer());
    this.sourceInput.addEventListener('change', () => this.askForAnswer());
    this.sourceInput.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') this.askForAnswer();
    });
    this.querySelector('button[data-action="translate"]')!.addEventListener('click', () => this.askForAnswer());
  }

  private get taskSelect(): HTMLSelectElement | null {
    return this.form.elements.namedItem('task') as HTMLSelectElement | null;
  }

  private translateControl<T extends HTMLInputElement | HTMLSelectElement = HTMLInputElement>(name: string): T {
    return this.querySelector(`.tw-translate [name="${name}"]`) as T;
  }

  private get sourceInput(): HTMLInputElement {
    return this.translateControl('source');
  }

  /** The reader's source and decoding, as a translate message; a message for the page if they are refused. */
  private translateRequest(): Extract<ToWorker, { type: 'translate' }> | string {
    const source = this.sourceInput.value;
    if (source.trim() === '') return `Type a source to answer, e.g. "${this.taskSelect?.selectedOptions[0].dataset.example ?? ''}".`;
    const decode = this.translateControl<HTMLSelectElement>('decode').value === 'beam' ? 'beam' : 'greedy';
    if (decode === 'greedy') return { type: 'translate', source, decode };
    const raw = this.translateControl('beamWidth').value.trim();
    const width = raw === '' ? NaN : Number(raw);
    const refused = checkSetting('beamWidth', width);
    return refused ? refused.replace(/NaN$/, 'no number') : { type: 'translate', source, decode, width };
  }

  /** Every run answers the reader's source, now and at each of its samples. */
  private askForAnswer(): void {
    const request = this.translateRequest();
    this.sourceProblem = typeof request === 'string' ? request : '';
    if (typeof request !== 'string') for (const run of this.runs.values()) run.session.send(request);
    else for (const run of this.runs.values()) run.translation = null;
    this.translationChanged = true;
    this.scheduleRender();
  }

  disconnectedCallback(): void {
    window.removeEventListener('pagehide', this.onPageHide);
    document.removeEventListener('visibilitychange', this.onHidden);
    this.reset();
    this.lossChart?.destroy();
    this.flowChart?.destroy();
    this.heatmap?.destroy();
    this.lossChart = this.flowChart = this.heatmap = null;
  }

  /** `corpus` and `text` are a language model's; a sequence-to-sequence widget has `task` instead. */
  private get form(): HTMLFormElement & { corpus?: HTMLSelectElement; text?: HTMLTextAreaElement } {
    return this.querySelector('form') as HTMLFormElement & { corpus?: HTMLSelectElement; text?: HTMLTextAreaElement };
  }

  private get modelSelect(): HTMLSelectElement {
    return this.form.elements.namedItem('model') as HTMLSelectElement;
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

  /** The selected model's run, if it has one. */
  private get current(): Run | undefined {
    return this.runs.get(this.modelSelect.value);
  }

  private get state(): State {
    return this.current?.state ?? 'idle';
  }

  private toggle(): void {
    const run = this.current;
    if (!run) void this.begin('start');
    else if (run.state === 'training') {
      run.session.send({ type: 'pause' });
      run.state = 'paused';
      this.showState();
    } else if (run.state === 'paused') {
      this.pauseOthers(run);
      run.session.send({ type: 'start' });
      run.state = 'training';
      this.showState();
    }
  }

  private stepOnce(): void {
    const run = this.current;
    if (!run) void this.begin('step');
    else if (run.state === 'paused') run.session.send({ type: 'step' });
  }

  /** One run trains at a time: the two cores are shared with the page. */
  private pauseOthers(keep: Run | null): void {
    for (const run of this.runs.values()) {
      if (run === keep || run.state !== 'training') continue;
      run.session.send({ type: 'pause' });
      run.state = 'paused';
    }
  }

  private get wordInput(): HTMLInputElement | null {
    return this.querySelector<HTMLInputElement>('input[name="word"]');
  }

  /** The reader typed a word: every word model's run looks for its nearest neighbours. */
  private askAbout(typed: string): void {
    const word = typed.trim().toLowerCase();
    for (const run of this.runs.values()) if (run.words.length > 0) run.session.send({ type: 'neighbours', word });
    if (word === '') for (const run of this.runs.values()) run.neighbours = null;
    this.measuresChanged = true;
    this.scheduleRender();
  }

  /**
   * The words the selected run knows, offered as the reader types. Filled only while the word box
   * has focus: hundreds of new options cost the page a style pass, which
   * should not land in a frame of training.
   */
  private fillWordList(run: Run | undefined): void {
    const list = this.querySelector('datalist');
    if (!list || document.activeElement !== this.wordInput) return;
    const words = run?.words.filter((w) => !/^<.*>$/.test(w)) ?? [];
    if (list.dataset.model === run?.model && list.options.length === words.length) return;
    list.dataset.model = run?.model ?? '';
    list.replaceChildren(...words.map((w) => Object.assign(document.createElement('option'), { value: w })));
  }

  /** The reader picked another model: show its run (pausing nothing until it starts). */
  private select(): void {
    this.fillWordList(this.current);
    this.samplesChanged = this.measuresChanged = this.translationChanged = true;
    this.showState();
    this.render();
  }

  /** Check the form and the text, then open a run of the selected model that starts training or takes one step. */
  private async begin(action: 'start' | 'step'): Promise<void> {
    const generation = ++this.generation;
    const model = this.modelSelect.value;
    const parsed = this.validate();
    if (!parsed.ok) {
      this.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const task = this.taskSelect?.value;
    if (this.pairs && !isPairTaskName(task)) return;
    const corpus = this.pairs ? (pairTasks[task as keyof typeof pairTasks].corpus ?? '') : this.form.corpus!.value;
    let text: string;
    try {
      text = isCorpusName(corpus) ? await corpora[corpus].load() : this.pairs ? '' : this.form.text!.value;
    } catch (error) {
      if (generation === this.generation) {
        this.showState(`the text "${corpus}" could not be loaded (${error instanceof Error ? error.message : String(error)})`);
      }
      return;
    }
    if (generation !== this.generation || this.runs.has(model)) return;
    if (!this.pairs) {
      const textError = checkText(text, parsed.settings.seqLen!);
      this.showTextError(textError);
      if (textError) {
        this.form.text!.focus();
        return;
      }
    }
    this.pauseOthers(null);
    const run = new Run(model, (r, message) => this.receive(r, message));
    this.runs.set(model, run);
    run.session.open({
      type: 'configure',
      model,
      text,
      task: this.pairs ? (task as keyof typeof pairTasks) : undefined,
      settings: parsed.settings,
      maxSteps: Number(this.dataset.steps),
      sampleEvery: Number(this.dataset.sampleEvery),
    });
    // A language model's first measures make the heaviest frames of a run (new grids, tables and
    // charts): drawn while its worker waits, they do not compete with its training for the cores.
    if (action === 'start' && !this.pairs && !document.hidden) run.held = true;
    else run.session.send({ type: action });
    run.state = action === 'start' ? 'training' : 'paused';
    this.samplesChanged = this.measuresChanged = true;
    this.showState();
    this.render();
  }

  private validate() {
    const values = {} as FormValues;
    for (const { name } of numberFields) {
      const input = this.form.elements.namedItem(name) as HTMLInputElement | null;
      if (input) values[name] = input.value;
    }
    for (const name of ['clipMode', 'recurrentGain'] as const) {
      const select = this.form.elements.namedItem(name) as HTMLSelectElement | null;
      if (select) values[name] = select.value;
    }
    const parsed = parseSettings(values);
    const errors: Record<string, string | undefined> = parsed.ok ? {} : parsed.errors;
    for (const { name } of numberFields) {
      const input = this.form.elements.namedItem(name) as HTMLInputElement | null;
      if (!input) continue;
      const message = errors[name] ?? '';
      input.setAttribute('aria-invalid', String(message !== ''));
      (this.querySelector(`[data-error-for="${name}"]`) as HTMLElement).textContent = message;
    }
    return parsed;
  }

  private showTextError(message: string | null): void {
    if (!this.form.text) return;
    this.form.text.setAttribute('aria-invalid', String(message !== null));
    (this.querySelector('[data-error-for="text"]') as HTMLElement).textContent = message ?? '';
  }

  private receive(run: Run, message: FromWorker): void {
    if (this.runs.get(run.model) !== run) return; // a run that has been reset
    const selected = run === this.current;
    switch (message.type) {
      case 'ready':
        run.info = message.pairs
          ? `${modelLabel(run.model)}: ${message.pairs.count.toLocaleString('en')} pairs, ${message.vocabSize} source and ${message.pairs.targetVocabSize} target tokens; ` +
            `${message.parameters.toLocaleString('en')} parameters.`
          : `${modelLabel(run.model)}: ${message.tokens.toLocaleString('en')} ${message.words ? 'tokens' : 'characters'} of text, ${message.vocabSize} distinct; ` +
            `${message.parameters.toLocaleString('en')} parameters.`;
        run.words = message.words ?? [];
        if (selected) {
          this.child('info').textContent = run.info;
          this.fillWordList(run);
        }
        // A word asked about before this run existed is asked of it too.
        if (run.words.length > 0 && this.wordInput?.value.trim()) run.session.send({ type: 'neighbours', word: this.wordInput.value.trim().toLowerCase() });
        // So is a source.
        if (this.pairs) {
          const request = this.translateRequest();
          if (typeof request !== 'string') run.session.send(request);
        }
        return;
      case 'translation':
        run.translation = message;
        this.translationChanged ||= selected;
        break;
      case 'neighbours':
        run.neighbours = message;
        this.measuresChanged = true;
        break;
      case 'progress':
        run.series.append(message.steps, message.losses, message.smoothLosses);
        run.latest = message.latest;
        break;
      case 'sample':
        run.samples = addSample(run.samples, { step: message.step, text: message.text });
        this.samplesChanged ||= selected;
        break;
      case 'measures': {
        const { type: _, ...measures } = message;
        run.first ??= measures;
        run.last = measures;
        this.measuresChanged = true;
        break;
      }
      case 'done':
      case 'diverged':
      case 'error':
        run.session.close();
        run.state = message.type;
        run.detail = message.type === 'done' ? '' : message.message;
        if (selected) this.showState();
        break;
    }
    this.scheduleRender();
  }

  private scheduleRender(): void {
    if (this.renderPending) return;
    this.renderPending = true;
    const wait = Math.max(0, this.lastRender + RENDER_EVERY_MS - performance.now());
    setTimeout(() => requestAnimationFrame(() => this.render()), wait);
  }

  /** Every run ends: the settings and the text can change again. */
  private reset(): void {
    this.generation++;
    for (const run of this.runs.values()) run.session.close();
    this.runs.clear();
    this.samplesChanged = this.measuresChanged = this.translationChanged = true;
    this.showState();
    this.render();
  }

  /** Buttons, locks and the status line for the selected run; `problem` reports a failure before any run exists. */
  private showState(problem = ''): void {
    const run = this.current;
    const state: State = problem ? 'error' : this.state;
    const over = state === 'done' || state === 'diverged' || state === 'error';
    const toggle = this.button('toggle');
    const focused = document.activeElement;
    toggle.textContent = state === 'training' ? 'Pause' : state === 'paused' ? 'Resume' : 'Start';
    toggle.disabled = over;
    this.button('step').disabled = state !== 'idle' && state !== 'paused';
    this.button('reset').disabled = this.runs.size === 0 && !problem;
    // The runs compare models on the same text and settings, so those stay fixed while any run exists.
    const locked = this.runs.size > 0;
    for (const field of this.child<HTMLFieldSetElement>('settings').elements) {
      if (field.getAttribute('name') !== 'temperature') (field as HTMLInputElement).disabled = locked;
    }
    this.child('settings').toggleAttribute('data-locked', locked);
    for (const field of [this.form.corpus, this.form.text, this.taskSelect]) if (field) field.disabled = locked;
    // Keep keyboard focus off a button that has just been disabled: a finished run leaves Reset
    // as the way on, and after Reset the way on is Start.
    const lost = focused instanceof HTMLButtonElement && this.contains(focused) && focused.disabled;
    if (lost) (over ? this.button('reset') : toggle).focus();
    this.status.dataset.state = state;
    this.status.dataset.model = this.modelSelect.value;
    this.status.textContent = statusText(state, run?.latest?.step ?? 0, problem || run?.detail);
    this.child('info').textContent = run?.info ?? '';
    this.child('live').textContent = state === 'training' || state === 'paused' ? liveText(state, run?.latest ?? null, this.unit) : this.status.textContent;
    this.lastLive = performance.now();
  }

  private render(): void {
    this.renderPending = false;
    this.lastRender = performance.now();
    const run = this.current;
    const latest = run?.latest ?? null;
    // The canvas first, while the page's style is clean: a canvas that needs it forces a style pass.
    this.renderLoss(run);
    this.status.dataset.step = String(latest?.step ?? 0);
    if (run?.state === 'paused') this.status.textContent = statusText('paused', latest?.step ?? 0);
    const cells = latest ? formatReadout(latest) : null;
    for (const cell of this.querySelectorAll<HTMLElement>('[data-readout]')) {
      cell.textContent = cells ? cells[cell.dataset.readout as keyof typeof cells] : '–';
    }
    if (this.samplesChanged) renderSamples(this.child('samples'), run?.samples ?? []);
    this.samplesChanged = false;
    // The measures come with a sample, and redrawing them with everything else made one frame's work
    // more than 50 ms on a slow machine: they get frames of their own.
    if (this.measuresChanged && this.panels) {
      const panels = this.panels;
      // Whether or not the drawing succeeds, the runs it held back then train.
      requestAnimationFrame(() => void this.renderMeasures(panels).finally(() => this.release(false)));
    }
    this.measuresChanged = false;
    if (this.translationChanged && this.pairs) this.renderTranslation(run);
    this.translationChanged = false;
    const live = this.child('live');
    if (run?.state === 'training' && performance.now() - this.lastLive > LIVE_EVERY_MS) {
      live.textContent = liveText('training', latest, this.unit);
      this.lastLive = performance.now();
    } else if (run?.state === 'paused' && latest) {
      // A Step, or the last batch after Pause: said once, when the numbers change.
      const text = liveText('paused', latest, this.unit);
      if (live.textContent !== text) live.textContent = text;
    }
  }

  /** Every run's smoothed loss, and the selected run's loss of each step behind it. */
  private renderLoss(selected: Run | undefined): void {
    const runs = [...this.runs.values()].filter((r) => r.series.steps.length > 0);
    const lines = [], series = [];
    if (selected && selected.series.steps.length > 0) {
      lines.push({ label: `${modelLabel(selected.model)}, each step`, color: '--sl-color-gray-4', width: 1 });
      series.push({ x: selected.series.steps, y: selected.series.losses });
    }
    for (const r of runs) {
      lines.push({ label: `${modelLabel(r.model)}, smoothed`, color: modelColor(r.model), width: 2 });
      series.push({ x: r.series.steps, y: r.series.smoothLosses });
    }
    this.lossChart?.update(lines, alignSeries(series));
    this.child('chart').toggleAttribute('data-empty', runs.length === 0);
  }

  /** The runs held back for their first picture start: those whose first measures have come, or all of them. */
  private release(all: boolean): void {
    for (const run of this.runs.values()) {
      if (!run.held || !(all || run.first)) continue;
      run.held = false;
      if (run.state === 'training') run.session.send({ type: 'start' });
    }
  }

  /** The measures' panels, over several frames. */
  private async renderMeasures({ flowChart, flowHeader, flowRows }: typeof import('./lm-panels.ts')): Promise<void> {
    const runs = [...this.runs.values()];
    const { lines, columns } = flowChart(runs);
    this.flowChart?.update(lines, columns);
    this.child('flow').toggleAttribute('data-empty', lines.length === 0);
    const rows = flowRows(runs);
    const table = this.child<HTMLTableElement>('flow-table');
    table.hidden = rows.length === 0;
    fillRows(table.tHead!, [flowHeader], 'th');
    fillRows(table.tBodies[0]!, rows, 'td');
    // The gate heatmap and the embedding picture, each in frames of its own: the first measure of
    // a run, drawn in one frame with the flow chart, took up to 160 ms (cold code, new elements).
    await nextFrame();
    const measures = this.current?.last;
    if (measures) await this.heatmap?.update(measures.labels, measures.gates);
    else this.heatmap?.clear();
    if (this.wordMap) {
      await nextFrame();
      this.renderWords(this.current);
    }
  }

  /** The selected run's answer to the reader's source, its unknown words, and where it looked. */
  private renderTranslation(run: Run | undefined): void {
    // A source the page refused leaves no answer standing, though the worker may still hold the one before.
    const answer = this.sourceProblem ? null : run?.translation;
    const note = this.child('source-note');
    const shown = this.child('answer'), by = this.child('answer-by');
    // A source that cannot be answered is an error; unknown words that were read as <UNK>, or a
    // source waiting for a model, are notes, shown without the error's colour.
    let problem = this.sourceProblem, kind = 'error', text = '', byText = '';
    if (!problem && answer) {
      const unknown = answer.unknown.length > 0
        ? `Not in the model's vocabulary, so read as <UNK>: ${answer.unknown.map((w) => `"${w}"`).join(', ')}.`
        : '';
      problem = answer.ok ? unknown : answer.message;
      if (answer.ok) {
        kind = 'note';
        byText = `${modelLabel(run!.model)} at step ${answer.step.toLocaleString('en')}:`;
        text = `${answer.source.join(' ')} → ${answer.output.join(' ')}`;
      }
    } else if (!problem && !run && this.sourceInput.value.trim() !== '') {
      problem = 'Start or Step a model, and it answers your source.';
      kind = 'note';
    }
    if (note.textContent !== problem) note.textContent = problem;
    if (note.dataset.kind !== kind) note.dataset.kind = kind;
    if (shown.textContent !== text) shown.textContent = text;
    if (by.textContent !== byText) by.textContent = byText;
    const alignment = answer?.ok ? answer.alignment : undefined;
    this.child('alignment-note').hidden = !alignment;
    if (alignment && answer?.ok) this.alignment?.update(answer.source, answer.output, alignment);
    else this.alignment?.clear();
  }

  /** The embedding picture and the neighbour table of the selected word model. */
  private renderWords(run: Run | undefined): void {
    const map = run?.last?.embedding;
    const answer = run?.neighbours;
    const names = run?.words ?? [];
    const marked = answer ? [answer.word, ...answer.neighbours.map((n) => n.word)].map((w) => names.indexOf(w)).filter((v) => v >= 0) : [];
    if (map) this.wordMap!.update(map, names, marked);
    else this.wordMap!.clear();
    this.child('embedding').toggleAttribute('data-empty', !map);
    const explained = this.child('explained');
    const text = map ? `The two axes hold ${percent(map.explained[0])} and ${percent(map.explained[1])} of the vectors' variance (step ${run!.last!.step.toLocaleString('en')}).` : '';
    if (explained.textContent !== text) explained.textContent = text;
    const table = this.child<HTMLTableElement>('neighbours');
    const note = this.child('neighbours-note');
    let message = '';
    if (answer && answer.neighbours.length === 0) message = `"${answer.word}" is not in this text's vocabulary: the model reads it as <UNK>.`;
    if (note.textContent !== message) note.textContent = message;
    table.hidden = !answer || answer.neighbours.length === 0;
    fillRows(table.tBodies[0]!, answer?.neighbours.map((n) => [n.word, n.similarity.toFixed(3)]) ?? [], 'td');
  }
}

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
const percent = (x: number) => `${(100 * x).toFixed(0)} %`;

/**
 * Make `section` hold one row per entry of `rows`, reusing the rows and cells it has and writing only
 * text that changed: every DOM change costs a style and layout pass of the chapter.
 */
function fillRows(section: HTMLTableSectionElement, rows: readonly string[][], tag: 'th' | 'td'): void {
  while (section.rows.length > rows.length) section.deleteRow(-1);
  rows.forEach((texts, i) => {
    const tr = section.rows[i] ?? section.insertRow();
    while (tr.cells.length > texts.length) tr.deleteCell(-1);
    texts.forEach((text, j) => {
      const cell = tr.cells[j] ?? tr.appendChild(document.createElement(tag));
      if (cell.textContent !== text) cell.textContent = text;
    });
  });
}

customElements.define('train-widget', TrainWidget);
