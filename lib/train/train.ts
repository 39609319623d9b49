/**
 * The one training loop, shared by every model: whole-text truncated-BPTT windows, gradient
 * clipping, Adam (lazy Adam on the rows of a word model's embedding that a window touched). It is a generator that yields after every step, so a caller can pause it (stop
 * pulling), cancel it (`.return()`), or run it flat out; for a given seed it is deterministic.
 * Options follow the NumPy notebooks instead where we differ (lib/train/parity.ts lists them).
 */
import { Adam } from '../core/adam.ts';
import { clipByGlobalNorm, clipByValue } from '../core/clip.ts';
import { scatter } from '../core/embedding.ts';
import { lazyAdamStep } from '../core/lazy-adam.ts';
import { log } from '../core/libm.ts';
import { TopKRandomState } from '../core/top-k.ts';
import { type WindowRule, windows } from '../data/windows.ts';
import type { SequenceModel } from '../models/model.ts';
import { DivergenceWatch } from './divergence.ts';
import { assertSetting } from './limits.ts';

export interface ClipOptions {
  /** 'norm': rescale the whole gradient when its global norm exceeds `max`; 'value': clamp each component to [−max, max]. */
  mode: 'norm' | 'value';
  max: number;
}

export interface TrainOptions {
  /** T: time steps per window (BPTT truncation length). */
  seqLen: number;
  /** Adam step size. */
  lr: number;
  /** Seed of the sampling RandomState (the model's initial weights have their own seed). */
  seed: number;
  /** Default: global norm clipped to 5. */
  clip?: ClipOptions;
  /** A sample every this many steps (default 100). */
  sampleEvery?: number;
  /** Tokens per sample (default 200). */
  sampleLength?: number;
  /** Softmax temperature of samples (default 1); the consumer may change it during the run (TrainControl). */
  temperature?: number;
  /** Samples draw among the k most probable tokens only (default 0: all of them); may change during the run. */
  topK?: number;
  /** How the text is cut into windows (lib/data/windows.ts): 'cover' (default) or the notebooks' 'min-char-rnn'. */
  windowRule?: WindowRule;
  /**
   * What `smoothLoss` follows: 'token' (default), the loss per token, from ln V; 'window', the
   * window's summed loss, from T ln V, which is what the NumPy notebooks print.
   */
  smoothing?: 'token' | 'window';
  /**
   * How a word model's embedding table steps: 'lazy' (default), the rows the window touched; 'dense',
   * Adam over the whole table with zeros on the other rows, as the notebooks do (lazy-adam.ts says
   * how the two differ).
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
  /** Pass over the text, from 0. */
  pass: number;
  /** Index of this step's window within the pass. */
  window: number;
  /** Cross-entropy of this window, nats per token. */
  loss: number;
  /**
   * Exponential moving average of `loss` (0.999 old + 0.001 new), starting at ln V, the loss of a
   * uniform guess; with `smoothing: 'window'`, of the window's summed loss, from T ln V.
   */
  smoothLoss: number;
  /** Global norm of the gradient before clipping. */
  gradNorm: number;
  /** Training steps per second over recent steps (time spent by the consumer between steps not counted). */
  stepsPerSecond: number;
  /** Every `sampleEvery` steps: the model's continuation of the text from where this step's window ends. */
  sample?: Int32Array;
  /** Set on the last event when the loss or the gradient stopped being finite, or the loss stayed far above a uniform guess's (divergence.ts). */
  diverged?: true;
  message?: string;
}

const SMOOTHING = 0.999;
/** Steps over which `stepsPerSecond` is measured. */
const RATE_STEPS = 20;

export function* train(
  model: SequenceModel,
  tokens: Int32Array,
  options: TrainOptions,
): Generator<TrainEvent, void, TrainControl | undefined> {
  const { seqLen, lr, seed, clip = { mode: 'norm', max: 5 }, sampleEvery = 100, sampleLength = 200 } = options;
  const { windowRule = 'cover', smoothing = 'token', embeddingAdam = 'lazy' } = options;
  let { temperature = 1 } = options;
  assertSetting('seqLen', seqLen);
  assertSetting('lr', lr);
  assertSetting('seed', seed);
  assertSetting('clip', clip.max);
  assertSetting('sampleEvery', sampleEvery);
  assertSetting('sampleLength', sampleLength);
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
  const onePass = windows(tokens, seqLen, windowRule);
  const theta = model.params.flat;
  const g = model.grads.flat;
  const adam = new Adam(theta.length, { lr });
  const { embedding } = model;
  const tableAdam = embedding ? new Adam(embedding.table.data.length, { lr }) : null;
  // Dense Adam reads the table's gradient as a (V, D) array, zero on the rows the window did not touch.
  const tableGrad = embedding && embeddingAdam === 'dense' ? new Float64Array(embedding.table.data.length) : null;
  // The gradient's buffers: the dense one, and the rows of an embedding that the window touched
  // (a new view each step, as their number changes).
  const dense = [g];
  const gradient = embedding
    ? () => [g, embedding.grad.grads.subarray(0, embedding.grad.count * embedding.grad.D)]
    : () => dense;
  const sampleRng = new TopKRandomState(seed, options.topK ?? 0);
  const watch = new DivergenceWatch(model.vocabSize);
  let smoothLoss = (smoothing === 'window' ? seqLen : 1) * log(model.vocabSize);
  const stepTimes = new Float64Array(RATE_STEPS); // ms of the last RATE_STEPS steps, a ring
  let step = 0;

  for (let pass = 0; ; pass++) {
    model.state.fill(0); // each pass reads the text from its beginning, so from a blank state
    for (let k = 0; k < onePass.length; k++) {
      const w = onePass[k];
      const start = globalThis.performance.now();
      const sum = model.lossAndGrads(w.inputs, w.targets, w.length);
      const loss = sum / w.length;
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
      if (embedding && tableAdam) {
        if (tableGrad) {
          scatter(tableGrad, embedding.grad);
          tableAdam.step(embedding.table.data, tableGrad);
        } else {
          lazyAdamStep(tableAdam, embedding.table.data, embedding.grad);
        }
      }
      smoothLoss = SMOOTHING * smoothLoss + (1 - SMOOTHING) * (smoothing === 'window' ? sum : loss);
      stepTimes[step % RATE_STEPS] = globalThis.performance.now() - start;
      const event: TrainEvent = { step, pass, window: k, loss, smoothLoss, gradNorm, stepsPerSecond: stepsPerSecond(stepTimes, step) };
      if (step % sampleEvery === 0) {
        // Continue the text from where this window ended: the state after its last input, fed its last target.
        event.sample = model.sample(sampleRng, w.targets[w.length - 1], temperature, new Int32Array(sampleLength), model.state);
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
