import { describe, expect, it } from 'vitest';
import { initNormal } from '../../../lib/core/init.ts';
import { allocParams } from '../../../lib/core/params.ts';
import { RandomState } from '../../../lib/core/random.ts';

// np.random.seed(42); np.random.randn(4)
const SEED_42 = [0.4967141530112327, -0.13826430117118466, 0.6476885381006925, 1.5230298564080254];

const spec = { Wxh: [2, 2], Whh: [3, 3], bh: [3] };

describe('initNormal', () => {
  it('draws the first listed tensor as np.random.randn(*shape) * scale after np.random.seed(42)', () => {
    const params = allocParams(spec);
    initNormal(new RandomState(42), params, { Wxh: 0.01 });
    expect(Array.from(params.tensors.Wxh.data)).toEqual(SEED_42.map((x) => x * 0.01));
  });

  it('draws the listed tensors in spec order from one stream, whatever the order of scales', () => {
    const params = allocParams(spec);
    initNormal(new RandomState(42), params, { bh: 0.5, Wxh: 0.01 });
    const reference = new RandomState(42);
    const Wxh = reference.fillNormal(new Float64Array(4), 0.01);
    const bh = reference.fillNormal(new Float64Array(3), 0.5);
    expect(Array.from(params.tensors.Wxh.data)).toEqual(Array.from(Wxh));
    expect(Array.from(params.tensors.bh.data)).toEqual(Array.from(bh));
  });

  it('leaves unlisted tensors untouched and draws nothing for them', () => {
    const params = allocParams(spec);
    params.tensors.Whh.data.fill(7);
    const rng = new RandomState(42);
    initNormal(rng, params, { Wxh: 1 });
    expect(Array.from(params.tensors.Whh.data)).toEqual(new Array(9).fill(7));
    expect(Array.from(params.tensors.bh.data)).toEqual([0, 0, 0]);
    // The stream continues right after Wxh's four draws: the fifth value of the seed-42 sequence.
    const reference = new RandomState(42);
    reference.fillNormal(new Float64Array(4));
    expect(rng.standardNormal()).toBe(reference.standardNormal());
  });

  it('rejects a scale for a tensor the params do not have', () => {
    const params = allocParams(spec);
    const scales = { Wxy: 0.01 } as unknown as { Wxh: number };
    expect(() => initNormal(new RandomState(0), params, scales)).toThrow(
      "initNormal: no tensor 'Wxy' in the params; they are Wxh, Whh, bh",
    );
  });

  it('rejects a scale that is not a finite number', () => {
    const params = allocParams(spec);
    expect(() => initNormal(new RandomState(0), params, { bh: NaN })).toThrow(
      "initNormal: scale of 'bh' must be a finite number, got NaN",
    );
  });
});
