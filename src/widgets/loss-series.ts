/**
 * The points of the loss chart. A run can take hundreds of thousands of steps, so the series keeps
 * at most MAX_POINTS: when it fills up, every other point is dropped and from then on only every
 * `stride`-th step is kept, so the points stay evenly spaced along the step axis.
 */
export const MAX_POINTS = 2000;

export class LossSeries {
  readonly steps: number[] = [];
  readonly losses: number[] = [];
  readonly smoothLosses: number[] = [];
  /** Only steps that are multiples of this are kept; doubles each time the series is thinned. */
  stride = 1;

  append(steps: readonly number[], losses: readonly number[], smoothLosses: readonly number[]): void {
    for (let i = 0; i < steps.length; i++) {
      if (steps[i] % this.stride !== 0) continue;
      this.steps.push(steps[i]);
      this.losses.push(losses[i]);
      this.smoothLosses.push(smoothLosses[i]);
      if (this.steps.length > MAX_POINTS) this.thin();
    }
  }

  clear(): void {
    this.steps.length = this.losses.length = this.smoothLosses.length = 0;
    this.stride = 1;
  }

  private thin(): void {
    this.stride *= 2;
    let kept = 0;
    for (let i = 0; i < this.steps.length; i++) {
      if (this.steps[i] % this.stride !== 0) continue;
      this.steps[kept] = this.steps[i];
      this.losses[kept] = this.losses[i];
      this.smoothLosses[kept] = this.smoothLosses[i];
      kept++;
    }
    this.steps.length = this.losses.length = this.smoothLosses.length = kept;
  }
}
