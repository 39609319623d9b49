/** How the widget words its numbers and its state, for the readouts, the status line and screen readers. */
import type { Readout } from './protocol.ts';

export type State = 'idle' | 'training' | 'paused' | 'done' | 'diverged' | 'error';

const integer = new Intl.NumberFormat('en');

/** The text of each readout cell. */
export function formatReadout(r: Readout): Record<keyof Readout, string> {
  return {
    step: integer.format(r.step),
    pass: integer.format(r.pass + 1), // passes count from 0 in the loop, from 1 for the reader
    loss: r.loss.toFixed(3),
    smoothLoss: r.smoothLoss.toFixed(3),
    gradNorm: r.gradNorm.toPrecision(3),
    stepsPerSecond: integer.format(Math.round(r.stepsPerSecond)),
  };
}

/** The status line for a state; `detail` is the worker's message for diverged and error. */
export function statusText(state: State, step: number, detail = ''): string {
  switch (state) {
    case 'idle':
      return 'Not started. Choose the settings, then Start (or Step through one update at a time).';
    case 'training':
      return 'Training…';
    case 'paused':
      return `Paused after step ${integer.format(step)}.`;
    case 'done':
      return `Finished: ${integer.format(step)} steps. Reset to train again.`;
    case 'diverged':
      return `${sentence(detail)} Reset to start again.`;
    case 'error':
      return `Error: ${sentence(detail)} Reset to start again.`;
  }
}

/** A message (the worker's or the loop's, which start in lower case and end without a stop) as a sentence. */
export function sentence(message: string): string {
  const text = message.trim();
  if (text === '') return '';
  return `${text[0].toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;
}

/** One sentence with the latest numbers, for the aria-live region. */
export function liveText(state: State, r: Readout | null, unit = 'character'): string {
  if (!r) return state === 'training' ? 'Training started.' : '';
  const f = formatReadout(r);
  return `${state === 'training' ? 'Training' : 'Stopped'} at step ${f.step}, pass ${f.pass}: smoothed loss ${f.smoothLoss} nats per ${unit}.`;
}
