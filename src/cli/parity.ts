/**
 * `seqmodels parity`: the word LSTM trained with the NumPy notebooks' conventions (lib/train/parity.ts)
 * on the trace's text and configuration, its smoothed loss compared, to the 4 decimals printed, with
 * every value the notebook printed (../shared/parity/word_lstm_trace.json holds one such trace).
 */
import { dirname, join } from 'node:path';
import { defaultAdam } from '../../lib/core/adam.ts';
import { createLstm } from '../../lib/models/lstm.ts';
import { numpyParity, numpyWords } from '../../lib/train/parity.ts';
import { train } from '../../lib/train/train.ts';
import { UsageError, numberOption, parseOptions, stringOption } from './args.ts';
import { stepsRange } from './logged-run.ts';
import { readJson, readText } from './text.ts';

const parityOptions = { trace: { type: 'string' }, steps: { type: 'string' } } as const;

interface Trace {
  config: {
    data: string; seed: number; hidden: number; embedding: number; seq_len: number;
    lr: number; beta1: number; beta2: number; eps: number; V: number; iterations: number;
  };
  printed_smooth_loss: Record<string, number>;
}

export function parityCommand(args: string[]): void {
  const values = parseOptions('parity', args, parityOptions);
  const path = stringOption(values, 'trace');
  if (path === undefined) throw new UsageError('--trace is required: a trace the NumPy word-LSTM notebook printed, e.g. ../shared/parity/word_lstm_trace.json');
  const trace = readJson(path) as Trace;
  const { config } = trace;
  const printed = new Map(Object.entries(trace.printed_smooth_loss ?? {}).map(([n, s]) => [Number(n), s]));
  if (!config || printed.size === 0) throw new Error(`${path} must hold a config and printed_smooth_loss`);
  const { beta1, beta2, eps } = defaultAdam;
  if (config.beta1 !== beta1 || config.beta2 !== beta2 || config.eps !== eps) {
    throw new Error(`${path}: Adam's β1, β2, ε are ${config.beta1}, ${config.beta2}, ${config.eps}; ours are ${beta1}, ${beta2}, ${eps}`);
  }
  const iterations = numberOption(values, 'steps', stepsRange, config.iterations);
  const { vocab, tokens } = numpyWords(readText(join(dirname(path), config.data)));
  if (vocab.size !== config.V) throw new Error(`the notebook's vocabulary has V = ${config.V}; ours from ${config.data} has ${vocab.size}`);

  const model = createLstm({
    vocabSize: vocab.size, hidden: config.hidden, embedding: config.embedding, seed: config.seed,
    maxSeqLen: config.seq_len, ...numpyParity.model,
  });
  const events = train(model, tokens, { seqLen: config.seq_len, lr: config.lr, seed: config.seed, ...numpyParity.train });
  process.stdout.write('iteration  notebook      ours  match\n');
  const differ: number[] = [];
  for (const event of events) {
    const n = event.step - 1; // the notebook counts iterations from 0 and prints after the update of s
    const expected = printed.get(n);
    if (expected !== undefined) {
      const ours = event.smoothLoss.toFixed(4), match = ours === expected.toFixed(4);
      if (!match) differ.push(n);
      process.stdout.write(`${String(n).padStart(9)}  ${expected.toFixed(4).padStart(8)}  ${ours.padStart(8)}  ${match ? 'yes' : 'NO'}\n`);
    }
    if (event.step >= iterations) break;
  }
  if (differ.length > 0) throw new Error(`the smoothed loss differs from the notebook's at iteration ${differ.join(', ')}`);
}
