import { describe, expect, it } from 'vitest';
import {
  CELL_H,
  CELL_W,
  captionText,
  cellAt,
  cellText,
  defaultTitles,
  displayChar,
  formatNumber,
  groupTitle,
  intensity,
  legendLabels,
  moveCell,
  scaleOf,
  summaryText,
} from '../../../src/widgets/heatmap.ts';

/** values[t][unit] from rows given per step. */
const steps = (rows: number[][]) => rows.map((row) => Float64Array.from(row));

describe('displayChar', () => {
  it('shows a space, a newline and a tab as visible symbols', () => {
    expect([' ', '\n', '\t'].map(displayChar)).toEqual(['␣', '↵', '⇥']);
  });

  it('leaves other characters as they are', () => {
    expect(['a', 'Q', '.', '<', 'é'].map(displayChar)).toEqual(['a', 'Q', '.', '<', 'é']);
  });
});

describe('formatNumber', () => {
  it('rounds to the given decimals with a true minus sign', () => {
    expect(formatNumber(-0.73149, 3)).toBe('−0.731');
    expect(formatNumber(0.7316, 3)).toBe('0.732');
  });

  it('drops the sign of a negative value that rounds to zero', () => {
    expect(formatNumber(-0.0004, 3)).toBe('0.000');
  });
});

describe('scaleOf', () => {
  it('is sequential from 0 to 1 when every value is a gate value in [0, 1]', () => {
    expect(scaleOf(steps([[0, 0.5], [1, 0.25]]), 2, 2)).toEqual({ diverging: false, max: 1 });
  });

  it('diverges symmetrically to the largest |v| when a value is negative', () => {
    expect(scaleOf(steps([[0.4, -0.9], [0.2, 0.1]]), 2, 2)).toEqual({ diverging: true, max: 0.9 });
  });

  it('diverges when a value exceeds 1, even with none negative', () => {
    expect(scaleOf(steps([[0.4, 2.5], [0.2, 0.1]]), 2, 2)).toEqual({ diverging: true, max: 2.5 });
  });

  it('reads only the units and steps shown, and skips NaN', () => {
    expect(scaleOf(steps([[0.5, NaN, -7], [0.25, 1, -7], [-7, -7, -7]]), 2, 2)).toEqual({ diverging: false, max: 1 });
  });
});

describe('intensity', () => {
  it('is the value itself on the sequential scale, clamped to [0, 1]', () => {
    const scale = { diverging: false, max: 1 };
    expect([0.25, 0, 1, 1.5, -0.1].map((v) => intensity(v, scale))).toEqual([0.25, 0, 1, 1, 0]);
  });

  it('is v / max on the diverging scale, clamped to [−1, 1]', () => {
    const scale = { diverging: true, max: 2 };
    expect([-0.5, 1, 3, -3].map((v) => intensity(v, scale))).toEqual([-0.25, 0.5, 1, -1]);
  });

  it('gives a non-finite value the zero colour', () => {
    expect(intensity(NaN, { diverging: true, max: 2 })).toBe(0);
  });
});

describe('legendLabels', () => {
  it('labels the ends of the sequential scale 0 and 1', () => {
    expect(legendLabels({ diverging: false, max: 1 })).toEqual(['0', '1']);
  });

  it('labels the ends of the diverging scale ±max', () => {
    expect(legendLabels({ diverging: true, max: 0.8734 })).toEqual(['−0.87', '0.87']);
  });
});

describe('cellAt', () => {
  it('finds the cell whose column and row contain the point', () => {
    expect(cellAt(0, 0, 64, 32)).toEqual({ step: 0, unit: 0 });
    expect(cellAt(3 * CELL_W + 0.5, 3 * CELL_H - 0.1, 64, 32)).toEqual({ step: 3, unit: 2 });
  });

  it('is null outside the grid', () => {
    expect(cellAt(64 * CELL_W, 0, 64, 32)).toBeNull();
    expect(cellAt(0, 32 * CELL_H, 64, 32)).toBeNull();
    expect(cellAt(-1, 5, 64, 32)).toBeNull();
  });
});

describe('moveCell', () => {
  it('moves one step with the left and right arrows and one unit with up and down', () => {
    const cell = { step: 5, unit: 5 };
    expect(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].map((key) => moveCell(cell, key, 10, 8))).toEqual([
      { step: 4, unit: 5 },
      { step: 6, unit: 5 },
      { step: 5, unit: 4 },
      { step: 5, unit: 6 },
    ]);
  });

  it('stays inside the grid at its edges', () => {
    expect(moveCell({ step: 0, unit: 0 }, 'ArrowLeft', 10, 8)).toEqual({ step: 0, unit: 0 });
    expect(moveCell({ step: 0, unit: 0 }, 'ArrowUp', 10, 8)).toEqual({ step: 0, unit: 0 });
    expect(moveCell({ step: 9, unit: 7 }, 'ArrowRight', 10, 8)).toEqual({ step: 9, unit: 7 });
    expect(moveCell({ step: 9, unit: 7 }, 'ArrowDown', 10, 8)).toEqual({ step: 9, unit: 7 });
  });

  it('jumps to the first and the last step with Home and End', () => {
    expect(moveCell({ step: 4, unit: 3 }, 'Home', 10, 8)).toEqual({ step: 0, unit: 3 });
    expect(moveCell({ step: 4, unit: 3 }, 'End', 10, 8)).toEqual({ step: 9, unit: 3 });
  });

  it('ignores every other key', () => {
    expect(moveCell({ step: 4, unit: 3 }, 'Tab', 10, 8)).toBeNull();
  });
});

describe('groupTitle', () => {
  it('names the LSTM, GRU and RNN activations as the chapters do', () => {
    expect(['f', 'i', 'o', 'c', 'r', 'z', 'h'].map((name) => groupTitle(name, defaultTitles))).toEqual([
      'f (forget gate)',
      'i (input gate)',
      'o (output gate)',
      'c (cell state)',
      'r (reset gate)',
      'z (update gate)',
      'h (hidden state)',
    ]);
  });

  it('is the bare symbol for a name without a title', () => {
    expect(groupTitle('q', defaultTitles)).toBe('q');
  });
});

describe('summaryText', () => {
  it('says the group, the units shown of H, the characters and the mean of the shown cells', () => {
    // Units 0..2 of 4 over 2 steps: (0.2 + 0.4 + 0.6 + 0.8 + 1 + 0) / 6 = 0.5; unit 3 (9) is not shown.
    const values = steps([[0.2, 0.4, 0.6, 9], [0.8, 1, 0, 9]]);
    expect(summaryText('f', defaultTitles, values, 2, 3, 4)).toBe(
      'forget gate f: 3 of 4 units × 2 characters, mean 0.50',
    );
  });

  it('says just the number of units when all are shown', () => {
    expect(summaryText('h', defaultTitles, steps([[-0.5, 0.3], [0.1, -0.3]]), 2, 2, 2)).toBe(
      'hidden state h: 2 units × 2 characters, mean −0.10',
    );
  });

  it('does not pluralise one unit or one character', () => {
    expect(summaryText('h', defaultTitles, steps([[0.5]]), 1, 1, 1)).toBe(
      'hidden state h: 1 unit × 1 character, mean 0.50',
    );
  });
});

describe('cellText', () => {
  it('says the group, the unit and the step counted from 1, the character and the value to 3 decimals', () => {
    expect(cellText('c (cell state)', { step: 11, unit: 2 }, ' ', -1.23456)).toBe(
      'c (cell state), unit 3, step 12 ‘␣’: −1.235',
    );
  });
});

describe('captionText', () => {
  it('says how many of the hidden units are shown when some are left out', () => {
    expect(captionText(32, 512)).toContain('one row per hidden unit, the first 32 of 512');
  });

  it('says the number of hidden units when all are shown', () => {
    expect(captionText(16, 16)).toContain('one row per hidden unit (16)');
    expect(captionText(16, 16, 'token')).toMatch(/^One column per token, /);
  });
});
