/**
 * Divergence that a non-finite check cannot see. The training loop stops a run whose loss or gradient
 * stops being finite; with a large learning rate and loose clipping, Adam instead throws the weights to
 * where the loss stays finite but far worse than guessing: the model is confidently wrong, and stays
 * so. The loop stops such a run too, when the mean loss over the last WINDOW steps exceeds FACTOR
 * times ln V, the loss of a uniform guess over the V tokens. A run that learns never comes near:
 * its loss starts at about ln V and falls.
 */
import { log } from '../core/libm.ts';

export const WINDOW = 50;
export const FACTOR = 3;

export class DivergenceWatch {
  /** ln V, the loss of a uniform guess (ln 2 for a text of one distinct token, whose loss is always 0). */
  readonly uniform: number;
  private readonly recent = new Float64Array(WINDOW);
  private seen = 0;

  constructor(vocabSize: number) {
    this.uniform = log(Math.max(vocabSize, 2));
  }

  /** Note the loss of step `step`: a message saying what happened if the run has diverged, else null. */
  observe(step: number, loss: number): string | null {
    this.recent[this.seen++ % WINDOW] = loss;
    if (this.seen < WINDOW) return null;
    let sum = 0;
    for (let i = 0; i < WINDOW; i++) sum += this.recent[i];
    const mean = sum / WINDOW;
    if (mean <= FACTOR * this.uniform) return null;
    return (
      `training diverged at step ${step}: the loss averaged ${mean.toFixed(1)} nats per token over the last ${WINDOW} steps, ` +
      `more than ${FACTOR} × ${this.uniform.toFixed(2)}, the loss of a uniform guess; try a lower learning rate or a tighter clipping threshold`
    );
  }
}
