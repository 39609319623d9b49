/**
 * The page's end of one training run: it owns the worker, so that nothing else can leak one.
 * `open` terminates any previous worker before starting the next; `close` terminates it.
 */
import type { FromWorker, ToWorker } from './protocol.ts';

export class TrainSession {
  private worker: Worker | null = null;
  private readonly onMessage: (message: FromWorker) => void;

  constructor(onMessage: (message: FromWorker) => void) {
    this.onMessage = onMessage;
  }

  open(configure: Extract<ToWorker, { type: 'configure' }>): void {
    this.close();
    const worker = new Worker(new URL('../workers/train.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<FromWorker>) => this.onMessage(event.data);
    // Fired when the worker script fails to load or throws outside the worker's own error handling.
    worker.onerror = (event) => {
      event.preventDefault();
      this.onMessage({ type: 'error', message: event.message || 'the training worker could not be started' });
    };
    worker.postMessage(configure);
    this.worker = worker;
  }

  send(message: Exclude<ToWorker, { type: 'configure' }>): void {
    this.worker?.postMessage(message);
  }

  close(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}
