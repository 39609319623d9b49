/**
 * The one training loop, shared by every model: a language model's windows of a text (train.ts) and a
 * sequence-to-sequence model's pairs (train-pairs.ts) are two tasks of it. Each step takes the loss and
 * gradient of one example, clips the gradient, and steps Adam, with lazy Adam on the rows of each
 * embedding table that the example touched. It is a generator that yields after every step, so a
 * caller can pause it (stop pulling), cancel it (`.return()`), or run it flat out; for a given seed it
 * is deterministic.
 */
import { Adam } from '../core/adam.ts';
import { clipByGlobalNorm, clipByValue } from '../core/clip.ts';
import { scatter } from '../core/embedding.ts';
import { lazyAdamStep } from '../core/lazy-adam.ts';
import { log } from '../core/libm.ts';
import { TopKRandomState } from '../core/top-k.ts';
import type { Embedding } from '../models/input.ts';
import { DivergenceWatch } from './divergence.ts';
import { assertSetting } from './limits.ts';

export interface ClipOptions {
  /** 'norm': rescale the whole gradient when its global norm exceeds `max`; 'value': clamp each component to [−max, max]. */
  mode: 'norm' | 'value';
  max: number;
}

/** What a task gives the loop: the parameters, and the loss and gradient of its k-th example. */
export interface Task {
  /** V of the softmax the loss is over: the smoothed loss and the divergence watch start from ln V. */
  readonly vocabSize: number;
  /** Examples in one pass. */
  readonly length: number;
  readonly params: Float64Array;
  /** Same layout as `params`; `lossAndGrads` overwrites it. */
  readonly grads: Float64Array;
  /** Embedding tables, each stepped on the rows its sparse gradient holds. */
  readonly tables: readonly Embedding[];
  /** Called before the first example of each pass. */
  startPass(pass: number): void;
  /** Forward and backward over example k: the summed loss in nats, the gradients overwritten. */
  lossAndGrads(k: number): number;
  /** Tokens the loss of example k was summed over. */
  tokensOf(k: number): number;
  /** What the model makes of example k now (a continuation, a translation), drawn from `rng`. */
  sample(k: number, rng: TopKRandomState, temperature: number): Sample;
}

export interface Sample {
  tokens: Int32Array;
  /** The source the sample answers, for a sequence-to-sequence model. */
  source?: Int32Array;
}

export interface LoopOptions {
  /** Adam step size. */
  lr: number;
  /** Seed of the sampling RandomState (the model's initial weights have their own seed). */
  seed: number;
  /** Default: global norm clipped to 5. */
  clip?: ClipOptions;
  /** A sample every this many steps (default 100). */
  sampleEvery?: number;
  /** Softmax temperature of samples (default 1); the consumer may change it during the run (TrainControl). */
  temperature?: number;
  /** Samples draw among the k most probable tokens only (default 0: all of them); may change during the run. */
  topK?: number;
  /**
   * What `smoothLoss` follows: 'token' (default), the loss per token, from ln V; 'window', the
   * example's summed loss, from T ln V, which is what the NumPy notebooks print.
   */
  smoothing?: 'token' | 'window';
  /** T, the tokens of an example, where 'window' smoothing starts (T ln V). */
  windowLength?: number;
  /**
   * How an embedding table steps: 'lazy' (default), the rows the example touched; 'dense', Adam over
   * the whole table with zeros on the other rows, as the notebooks do (lazy-adam.ts says how the two differ).
   */
  embeddingAdam?: 'lazy' | 'dense';
}

/** What the consumer may pass to `next()` to steer a run in progress. */
export interface TrainControl {
  /** Softmax temperature of the samples from now on. */
  temperature?: number;
  /** Top-k of the samples from now on (0: all tokens). */
  topK?: number;
}

export interface TrainEvent {
  /** Steps taken so far, counting this one (1, 2, …). */
  step: number;
  /** Pass over the examples, from 0. */
  pass: number;
  /** Index of this step's example (a window, a pair) within the pass. */
  window: number;
  /** Cross-entropy of this example, nats per token. */
  loss: number;
  /**
   * Exponential moving average of `loss` (0.999 old + 0.001 new), starting at ln V, the loss of a
   * uniform guess; with `smoothing: 'window'`, of the example's summed loss, from T ln V.
   */
  smoothLoss: number;
  /** Global norm of the gradient before clipping. */
  gradNorm: number;
  /** Training steps per second over recent steps (time spent by the consumer between steps not counted). */
  stepsPerSecond: number;
  /** Every `sampleEvery` steps: the model's continuation of the text, or its answer to a source. */
  sample?: Int32Array;
  /** With `sample`, for a sequence-to-sequence model: the source it answers. */
  sampleSource?: Int32Array;
  /** Set on the last event when the loss or the gradient stopped being finite, or the loss stayed far above a uniform guess's (divergence.ts). */
  diverged?: true;
  message?: string;
}

const SMOOTHING = 0.999;
/** Steps over which `stepsPerSecond` is measured. */
const RATE_STEPS = 20;

export function* loop(task: Task, options: LoopOptions): Generator<TrainEvent, void, TrainControl | undefined> {
  const { lr, seed, clip = { mode: 'norm', max: 5 }, sampleEvery = 100 } = options;
  const { smoothing = 'token', windowLength = 1, embeddingAdam = 'lazy' } = options;
  let { temperature = 1 } = options;
  assertSetting('lr', lr);
  assertSetting('seed', seed);
  assertSetting('clip', clip.max);
  assertSetting('sampleEvery', sampleEvery);
  assertSetting('temperature', temperature);
  if (clip.mode !== 'norm' && clip.mode !== 'value') {
    throw new Error(`clip mode must be 'norm' or 'value', got ${JSON.stringify(clip.mode)}`);
  }
  if (smoothing !== 'token' && smoothing !== 'window') {
    throw new Error(`smoothing must be 'token' or 'window', got ${JSON.stringify(smoothing)}`);
  }
  if (embeddingAdam !== 'lazy' && embeddingAdam !== 'dense') {
    throw new Error(`embeddingAdam must be 'lazy' or 'dense', got ${JSON.stringify(embeddingAdam)}`);
  }
  const { params: theta, grads: g, tables } = task;
  const adam = new Adam(theta.length, { lr });
  const tableAdams = tables.map((e) => new Adam(e.table.data.length, { lr }));
  // Dense Adam reads a table's gradient as a (V, D) array, zero on the rows the example did not touch.
  const tableGrads = tables.map((e) => (embeddingAdam === 'dense' ? new Float64Array(e.table.data.length) : null));
  // The gradient's buffers: the dense one, and the rows of each table that the example touched
  // (new views each step, as their number changes).
  const gradient = () => [g, ...tables.map((e) => e.grad.grads.subarray(0, e.grad.count * e.grad.D))];
  const sampleRng = new TopKRandomState(seed, options.topK ?? 0);
  const watch = new DivergenceWatch(task.vocabSize);
  let smoothLoss = (smoothing === 'window' ? windowLength : 1) * log(task.vocabSize);
  const stepTimes = new Float64Array(RATE_STEPS); // ms of the last RATE_STEPS steps, a ring
  let step = 0;

  for (let pass = 0; ; pass++) {
    task.startPass(pass);
    for (let k = 0; k < task.length; k++) {
      const start = globalThis.performance.now();
      const sum = task.lossAndGrads(k);
      const loss = sum / task.tokensOf(k);
      const gs = gradient();
      const gradNorm = clip.mode === 'norm' ? clipByGlobalNorm(gs, clip.max) : clipByValue(gs, clip.max);
      step++;
      const finite = Number.isFinite(loss) && Number.isFinite(gradNorm);
      const far = finite ? watch.observe(step, loss) : null;
      if (!finite || far) {
        const what = Number.isFinite(loss) ? `gradient norm is ${gradNorm}` : `loss is ${loss}`;
        yield {
          step, pass, window: k, loss, smoothLoss, gradNorm, stepsPerSecond: 0, diverged: true,
          message: far ?? `training diverged at step ${step}: the ${what}; try a lower learning rate or a tighter clipping threshold`,
        };
        return;
      }
      adam.step(theta, g);
      tables.forEach((e, i) => {
        const dense = tableGrads[i];
        if (dense) {
          scatter(dense, e.grad);
          tableAdams[i].step(e.table.data, dense);
        } else {
          lazyAdamStep(tableAdams[i], e.table.data, e.grad);
        }
      });
      smoothLoss = SMOOTHING * smoothLoss + (1 - SMOOTHING) * (smoothing === 'window' ? sum : loss);
      stepTimes[step % RATE_STEPS] = globalThis.performance.now() - start;
      const event: TrainEvent = { step, pass, window: k, loss, smoothLoss, gradNorm, stepsPerSecond: stepsPerSecond(stepTimes, step) };
      if (step % sampleEvery === 0) {
        const { tokens, source } = task.sample(k, sampleRng, temperature);
        event.sample = tokens;
        if (source) event.sampleSource = source;
      }
      const control = yield event;
      if (control?.temperature !== undefined) {
        assertSetting('temperature', control.temperature);
        temperature = control.temperature;
      }
      if (control?.topK !== undefined) sampleRng.setK(control.topK);
    }
  }
}

function stepsPerSecond(stepTimes: Float64Array, step: number): number {
  const n = Math.min(step, stepTimes.length);
  let ms = 0;
  for (let i = 0; i < n; i++) ms += stepTimes[(step - i) % stepTimes.length];
  return ms > 0 ? (1000 * n) / ms : 0;
}
