// @ts-check
/**
 * Small inline-SVG charts drawn at the container's pixel width, so text keeps its size on a phone.
 * Each chart is an image with a label; the figures themselves are in the table next to it.
 */
import { svg } from './dom.js';

const HEIGHT = 220;
const MARGIN = { top: 12, right: 12, bottom: 30 };
/** Average width of a character of the 12px axis text: enough to keep labels apart without measuring. */
const CHAR_WIDTH = 6.5;

/**
 * A round upper bound for an axis and its step: 0–1,700 becomes 0–2,000 in steps of 500.
 * @param {number} max
 * @param {number} [ticks]
 */
export function niceScale(max, ticks = 4) {
  if (!(max > 0)) return { top: 1, step: 0.25 };
  const rough = max / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude;
  return { top: Math.ceil(max / step) * step, step };
}

/**
 * The chart's frame: the y axis's gridlines and labels, as wide on the left as its longest label.
 * @param {{ width: number, label: string, top: number, step: number, axisFormat: (value: number) => string }} frame
 * @param {(value: number) => number} y
 * @returns {{ root: SVGElement, left: number }}
 */
function frameWithAxis(frame, y) {
  const root = svg('svg', { class: 'chart', width: frame.width, height: HEIGHT, viewBox: `0 0 ${frame.width} ${HEIGHT}`, role: 'img', 'aria-label': frame.label });
  root.append(svg('title', {}, [frame.label]));
  /** @type {[number, string][]} */
  const ticks = [];
  for (let value = 0; value <= frame.top + frame.step / 2; value += frame.step) ticks.push([value, frame.axisFormat(value)]);
  const left = Math.ceil(Math.max(...ticks.map(([, text]) => text.length)) * CHAR_WIDTH) + 12;
  for (const [value, text] of ticks) {
    const at = y(value);
    root.append(svg('line', { class: 'grid', x1: left, x2: frame.width - MARGIN.right, y1: at, y2: at }));
    root.append(svg('text', { class: 'axis', x: left - 6, y: at, 'text-anchor': 'end', 'dominant-baseline': 'middle' }, [text]));
  }
  return { root, left };
}

/**
 * Labels along the x axis, thinned so that they never overlap.
 * @param {SVGElement} root
 * @param {string[]} labels
 * @param {(index: number) => number} x centre of each label
 * @param {number} band pixels per label
 */
function xLabels(root, labels, x, band) {
  const widest = Math.max(...labels.map((label) => label.length)) * CHAR_WIDTH + 6;
  const every = Math.max(1, Math.ceil(widest / band));
  labels.forEach((label, index) => {
    if (index % every !== 0) return;
    root.append(svg('text', { class: 'axis', x: x(index), y: HEIGHT - MARGIN.bottom + 18, 'text-anchor': 'middle' }, [label]));
  });
}

/**
 * Vertical bars, one per label.
 * @param {{ label: string, labels: string[], values: number[], format: (value: number) => string, axisFormat: (value: number) => string, barClass?: (index: number) => string }} spec
 * @returns {(width: number) => SVGElement}
 */
export function barChart(spec) {
  return (width) => {
    const { top, step } = niceScale(Math.max(0, ...spec.values));
    const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
    const y = (/** @type {number} */ value) => MARGIN.top + plotHeight - (value / top) * plotHeight;
    const { root, left } = frameWithAxis({ width, label: spec.label, top, step, axisFormat: spec.axisFormat }, y);
    const band = (width - left - MARGIN.right) / Math.max(1, spec.values.length);
    const barWidth = Math.max(2, Math.min(48, band * 0.7));
    const x = (/** @type {number} */ index) => left + band * index + band / 2;
    spec.values.forEach((value, index) => {
      const height = Math.max(value > 0 ? 1 : 0, y(0) - y(value));
      root.append(
        svg('rect', { class: `bar ${spec.barClass?.(index) ?? 'series-0'}`, x: x(index) - barWidth / 2, y: y(0) - height, width: barWidth, height }, [
          svg('title', {}, [`${spec.labels[index] ?? ''}: ${spec.format(value)}`]),
        ]),
      );
    });
    root.append(svg('line', { class: 'baseline', x1: left, x2: width - MARGIN.right, y1: y(0), y2: y(0) }));
    xLabels(root, spec.labels, x, band);
    return root;
  };
}

/**
 * Lines, one per series; a missing value (null) breaks the line.
 * @param {{ label: string, labels: string[], series: { name: string, values: (number | null)[] }[], format: (value: number) => string, axisFormat: (value: number) => string }} spec
 * @returns {(width: number) => SVGElement}
 */
export function lineChart(spec) {
  return (width) => {
    const all = spec.series.flatMap((series) => series.values.filter((value) => value !== null));
    const { top, step } = niceScale(Math.max(0, ...all));
    const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
    const y = (/** @type {number} */ value) => MARGIN.top + plotHeight - (value / top) * plotHeight;
    const { root, left } = frameWithAxis({ width, label: spec.label, top, step, axisFormat: spec.axisFormat }, y);
    const band = (width - left - MARGIN.right) / Math.max(1, spec.labels.length);
    const x = (/** @type {number} */ index) => left + band * index + band / 2;
    spec.series.forEach((series, seriesIndex) => {
      /** @type {string[]} */
      const segments = [];
      let pen = 'M';
      series.values.forEach((value, index) => {
        if (value === null) {
          pen = 'M';
          return;
        }
        segments.push(`${pen}${x(index).toFixed(1)},${y(value).toFixed(1)}`);
        pen = 'L';
      });
      root.append(svg('path', { class: `line series-${seriesIndex % 4}`, d: segments.join(' ') }));
      series.values.forEach((value, index) => {
        if (value === null) return;
        root.append(
          svg('circle', { class: `point series-${seriesIndex % 4}`, cx: x(index), cy: y(value), r: 3.5 }, [
            svg('title', {}, [`${series.name}, ${spec.labels[index] ?? ''}: ${spec.format(value)}`]),
          ]),
        );
      });
    });
    root.append(svg('line', { class: 'baseline', x1: left, x2: width - MARGIN.right, y1: y(0), y2: y(0) }));
    xLabels(root, spec.labels, x, band);
    return root;
  };
}

/**
 * Draws a chart into `container` now and again whenever the container's width changes.
 * @param {HTMLElement} container
 * @param {(width: number) => SVGElement} draw
 */
export function mountChart(container, draw) {
  let drawnWidth = 0;
  const render = () => {
    const width = Math.floor(container.clientWidth);
    if (width <= 0 || width === drawnWidth) return;
    drawnWidth = width;
    container.replaceChildren(draw(width));
  };
  new ResizeObserver(render).observe(container);
  render();
}
