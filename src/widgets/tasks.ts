/** How the widget offers the tasks of a sequence-to-sequence model (src/workers/pair-task.ts trains them). */
import type { CorpusName } from './corpora.ts';

export type PairTaskName = 'dates' | 'next-sentence';

export const pairTaskNames: readonly PairTaskName[] = ['dates', 'next-sentence'];

export const isPairTaskName = (name: unknown): name is PairTaskName => pairTaskNames.includes(name as PairTaskName);

export interface PairTaskStyle {
  label: string;
  /** The chapters' model sizes for it, the form's defaults. */
  hidden: number;
  embedding: number;
  /** Adam's step size for it: the form's default, and the command line's. */
  lr: number;
  /** A source to show in the empty source field. */
  example: string;
  /** The text its pairs are made from, if any. */
  corpus?: CorpusName;
}

export const pairTasks: Record<PairTaskName, PairTaskStyle> = {
  dates: { label: 'Dates: "25 november 2026" → "2 0 2 6 - 1 1 - 2 5"', hidden: 16, embedding: 8, lr: 1e-2, example: '25 november 2026' },
  'next-sentence': { label: 'Next sentence, in fifteen fables', hidden: 32, embedding: 16, lr: 1e-2, example: 'the crow was thirsty.', corpus: 'fables' },
};
