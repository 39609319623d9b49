/**
 * One training run off the main thread. It builds the run that `configure` asks for, loading the
 * module of its kind (text-run.ts for a language model, pair-run.ts for a sequence-to-sequence one),
 * then pulls lib/train's generator in time slices of about SLICE_MS, posting one progress batch per
 * slice and yielding to the event loop in between, so that `pause` takes effect within a slice.
 * Protocol: src/widgets/protocol.ts.
 */
import type { FromWorker, Readout, ToWorker } from '../widgets/protocol.ts';
import { unitOf } from './models.ts';
import type { Configure, WorkerRun } from './worker-run.ts';

const SLICE_MS = 20;

type Run = WorkerRun;

/** What one slice has to report. */
interface Batch {
  steps: number[];
  losses: number[];
  smoothLosses: number[];
  latest: Readout | null;
  /** sample and measures messages, posted after the progress. */
  messages: FromWorker[];
  /** diverged or done: the run is over. */
  end: FromWorker | null;
}

let run: Run | null = null;
let training = false;
// Messages are handled in order; only `configure` waits (for the model's module).
let queue = Promise.resolve();

const post = (message: FromWorker) => self.postMessage(message);

// A MessageChannel task, unlike a nested setTimeout, is not clamped to 4 ms.
const tick = new MessageChannel();
tick.port1.onmessage = slice;
const schedule = () => tick.port2.postMessage(null);

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  queue = queue.then(() => handle(event.data)).catch(fail);
});

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'configure':
      run = await configure(message);
      return;
    case 'start':
      if (run && !training) {
        training = true;
        schedule();
      }
      return;
    case 'pause':
      training = false;
      return;
    case 'step':
      if (run && !training) {
        const batch = emptyBatch();
        advance(run, batch);
        report(batch);
      }
      return;
    case 'temperature':
    case 'neighbours':
    case 'translate':
      if (run) {
        const reply = run.ask(message);
        if (reply) post(reply);
      }
      return;
  }
}

async function configure(message: Configure): Promise<Run> {
  const kind = unitOf(message.model) === 'pair' ? await import('./pair-run.ts') : await import('./text-run.ts');
  return kind.start(message, post);
}

function slice(): void {
  if (!training || !run) return;
  try {
    const end = performance.now() + SLICE_MS;
    const batch = emptyBatch();
    do advance(run, batch);
    while (!batch.end && performance.now() < end);
    report(batch);
  } catch (error) {
    fail(error);
  }
  if (training) schedule();
}

/** Take one step and note what it produced. */
function advance(r: Run, batch: Batch): void {
  const next = r.events.next(r.control);
  if (r.started) r.control = undefined;
  r.started = true;
  // train() returns only after a diverged event, and the run ends there.
  if (next.done) throw new Error('the training loop ended without reporting why');
  const e = next.value;
  if (e.diverged) {
    batch.end = { type: 'diverged', step: e.step, message: e.message ?? `training diverged at step ${e.step}` };
    return;
  }
  batch.steps.push(e.step);
  batch.losses.push(e.loss);
  batch.smoothLosses.push(e.smoothLoss);
  batch.latest = { step: e.step, pass: e.pass, loss: e.loss, smoothLoss: e.smoothLoss, gradNorm: e.gradNorm, stepsPerSecond: e.stepsPerSecond };
  const messages = r.stepped(e);
  if (messages) batch.messages.push(...messages);
  if (e.step >= r.maxSteps) batch.end = { type: 'done', step: e.step };
}

function report(batch: Batch): void {
  const { steps, losses, smoothLosses, latest, messages, end } = batch;
  if (latest) post({ type: 'progress', steps, losses, smoothLosses, latest });
  for (const message of messages) post(message);
  if (end) {
    training = false;
    run = null;
    post(end);
  }
}

function fail(error: unknown): void {
  training = false;
  run = null;
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}

function emptyBatch(): Batch {
  return { steps: [], losses: [], smoothLosses: [], latest: null, messages: [], end: null };
}
