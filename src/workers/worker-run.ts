/**
 * What the worker's shell (train.worker.ts) needs of a run, whichever kind: a language model's
 * (text-run.ts) or a sequence-to-sequence model's (pair-run.ts). Each kind is its own module, loaded
 * when a run of it is configured, so that a page fetches only the code of the models it trains.
 */
import type { TrainControl, TrainEvent } from '../../lib/train/loop.ts';
import type { FromWorker, ToWorker } from '../widgets/protocol.ts';

export type Configure = Extract<ToWorker, { type: 'configure' }>;

/** The reader's requests during a run: a run answers those of its kind and ignores the others. */
export type Request = Extract<ToWorker, { type: 'temperature' | 'neighbours' | 'translate' }>;

export interface WorkerRun {
  events: Generator<TrainEvent, void, TrainControl | undefined>;
  maxSteps: number;
  /** Passed to the next step: a generator ignores what its first `next()` is given, so it waits for a second. */
  control?: TrainControl;
  started: boolean;
  /** What goes with step `e` after its progress: its sample and what is measured with it (null at most steps). */
  stepped(e: TrainEvent): FromWorker[] | null;
  /** The reply to a request, if it has one now. */
  ask(request: Request): FromWorker | null;
}

/** A module of one kind of run: it builds the run and posts `ready` (and anything at step 0). */
export type StartRun = (message: Configure, post: (message: FromWorker) => void) => Promise<WorkerRun>;
