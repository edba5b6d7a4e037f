// Chart.js with only the parts the console draws (tree-shaken by esbuild): lines for ranks and samples,
// bars (also floating [from, to] bars for intervals and timelines).
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip);
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;

/** One colour per path or series, colour-blind safe (Okabe-Ito). */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

/** A chart in a sized box, replacing whatever chart the box held. */
export function chartIn(box: HTMLElement, config: ChartConfiguration, label: string): Chart {
  const previous = box.querySelector('canvas');
  if (previous) {
    Chart.getChart(previous)?.destroy();
  }
  // the canvas is a picture for sighted users; each chart has a table or list beside it with the same data
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  box.replaceChildren(canvas);
  return new Chart(canvas, config);
}

export type { Chart };
