/** The list of samples, newest first. Text only: the reader's corpus may contain markup, and the model learns to write it. */

export interface Sample {
  step: number;
  text: string;
}

export const KEPT_SAMPLES = 5;

/** `samples` with `sample` in front, keeping the newest KEPT_SAMPLES. */
export function addSample(samples: readonly Sample[], sample: Sample): Sample[] {
  return [sample, ...samples.slice(0, KEPT_SAMPLES - 1)];
}

export function renderSamples(list: HTMLElement, samples: readonly Sample[]): void {
  list.replaceChildren(
    ...samples.map(({ step, text }) => {
      const item = document.createElement('li');
      const label = document.createElement('span');
      label.className = 'tw-sample-step';
      label.textContent = `after step ${step.toLocaleString('en')}`;
      const body = document.createElement('pre');
      body.textContent = text;
      item.append(label, body);
      return item;
    }),
  );
}
