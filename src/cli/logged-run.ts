/**
 * A training run as the command line shows it, for either kind of model (train.ts, train-pairs.ts):
 * a progress bar on stderr, or with --jsonl one JSON object per logged step on stdout; Ctrl-C and
 * divergence each end it with one line.
 */
import { Presets, SingleBar } from 'cli-progress';
import type { TrainEvent } from '../../lib/train/loop.ts';

/** What every run defaults to, whichever the model: steps, seed, global-norm clip and log interval. */
export const runDefaults = { steps: 1000, seed: 42, clip: 5, logEvery: 100 };
export const stepsRange = { label: 'steps', min: 1, max: 100_000_000, integer: true };
export const logEveryRange = { label: 'log interval', min: 1, max: 100_000_000, integer: true };
/** How often the loop hands control back to Node, so that the bar redraws and Ctrl-C is heard. */
const YIELD_MS = 50;

/**
 * Take `steps` steps of `events`, logged on the steps --log-every names, the first and the last (a bar
 * on stderr, or JSON lines on stdout); stops with an error on divergence, and says on Ctrl-C that
 * `save`, if given, was not written. Returns the last step's event.
 */
export async function runLogged(
  events: Iterable<TrainEvent>, { steps, logEvery, jsonl, save }: { steps: number; logEvery: number; jsonl: boolean; save?: string },
): Promise<TrainEvent | undefined> {
  const log = jsonl ? jsonLog() : progressBar(steps);
  let last: TrainEvent | undefined;
  // Ctrl-C: the bar gives the terminal back its cursor, and the user is told that nothing was saved.
  const interrupt = () => {
    log.stop();
    process.stderr.write(`seqmodels: interrupted at step ${last?.step ?? 0}${save === undefined ? '' : `; ${save} not written`}\n`);
    process.exit(130);
  };
  process.once('SIGINT', interrupt);
  let resumed = performance.now();
  for (const event of events) {
    if (event.diverged) {
      log.stop();
      throw new Error(event.message ?? `training diverged at step ${event.step}`);
    }
    last = event;
    log.step(event, event.step === 1 || event.step % logEvery === 0 || event.step === steps);
    if (event.step >= steps) break;
    if (performance.now() - resumed > YIELD_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      resumed = performance.now();
    }
  }
  log.stop();
  process.removeListener('SIGINT', interrupt);
  return last;
}

interface Log {
  /** Called after every step; `logged` on the steps that --log-every names, the first and the last. */
  step(event: TrainEvent, logged: boolean): void;
  stop(): void;
}

function jsonLog(): Log {
  return {
    step(e, logged) {
      if (!logged) return;
      const { step, pass, loss, smoothLoss, gradNorm, stepsPerSecond } = e;
      process.stdout.write(`${JSON.stringify({ step, pass, loss, smoothLoss, gradNorm, stepsPerSecond })}\n`);
    },
    stop() {},
  };
}

function progressBar(total: number): Log {
  const bar = new SingleBar({
    format: '{bar} {percentage}% | step {value}/{total} | loss {loss} | smoothed {smooth} | {rate} steps/s | ETA {eta_formatted}',
    hideCursor: true,
    etaBuffer: 200,
    gracefulExit: false, // its SIGINT handler would stop the bar but not the training
  }, Presets.shades_classic);
  bar.start(total, 0, { loss: '-', smooth: '-', rate: '-' });
  return {
    step(e) {
      bar.update(e.step, { loss: e.loss.toFixed(4), smooth: e.smoothLoss.toFixed(4), rate: e.stepsPerSecond.toFixed(0) });
    },
    stop: () => bar.stop(),
  };
}
