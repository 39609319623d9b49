/**
 * Top-k sampling: a RandomState whose `choice(p)` draws among the k largest p[i] only, the rest set
 * to zero and the kept ones renormalised (ties at the k-th broken towards the lower index). A model's
 * `sample` draws each token by one `choice` from its softmax, so handing it this generator samples
 * top-k without any change to the models. k = 0 keeps every token: the draws are then exactly
 * RandomState's, so a run without top-k samples the same text as before.
 */
import { RandomState } from './random.ts';
import { assertSetting } from '../train/limits.ts';

export class TopKRandomState extends RandomState {
  private k = 0;
  private kept = new Float64Array(0);
  private order: number[] = [];

  constructor(seed: number, k: number) {
    super(seed);
    this.setK(k);
  }

  /** Draw among the k most probable tokens from now on; 0 for all of them. */
  setK(k: number): void {
    assertSetting('topK', k);
    this.k = k;
  }

  override choice(p: ArrayLike<number>): number {
    const n = p.length;
    if (this.k === 0 || this.k >= n) return super.choice(p);
    if (this.kept.length !== n) {
      this.kept = new Float64Array(n);
      this.order = Array.from({ length: n }, (_, i) => i);
    }
    const { kept, order } = this;
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => p[b] - p[a] || a - b);
    kept.fill(0);
    let total = 0;
    for (let j = 0; j < this.k; j++) total += p[order[j]];
    for (let j = 0; j < this.k; j++) kept[order[j]] = p[order[j]] / total;
    return super.choice(kept);
  }
}
