/**
 * The panels only a language model's widget has (the gate heatmap, the gradient flow, the embedding
 * picture), in one module that train-widget.ts loads for such a widget alone.
 */
export { createWordMap } from './embedding-map.ts';
export { flowChart, flowHeader, flowRows } from './flow.ts';
export { createHeatmap } from './heatmap.ts';
