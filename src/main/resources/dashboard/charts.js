// Small SVG charts drawn by hand (no library): lines over time and a state strip. Values are numbers; every
// label is set with textContent.

const NS = 'http://www.w3.org/2000/svg';
const W = 600;
const H = 120;
const PAD = 4;

function svgEl(tag, attrs) {
  const e = document.createElementNS(NS, tag);
  Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, String(v)));
  return e;
}

function prepare(svg, height) {
  svg.setAttribute('viewBox', '0 0 ' + W + ' ' + height);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.replaceChildren();
}

/**
 * Lines over the samples: series = [{name, color, values}], every values array as long as the samples.
 * Sets data-max on the svg (the highest value drawn) so readers and tests can tell the scale.
 */
export function lineChart(svg, series) {
  prepare(svg, H);
  const n = Math.max(0, ...series.map((s) => s.values.length));
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  svg.dataset.max = String(max);
  [0.5, 1].forEach((f) => svg.append(svgEl('line', {
    x1: 0, x2: W, y1: y(max * f, max), y2: y(max * f, max), class: 'grid',
  })));
  series.forEach((s) => {
    const points = s.values.map((v, i) => x(i, n) + ',' + y(v, max)).join(' ');
    const line = svgEl('polyline', { points, fill: 'none', stroke: s.color, 'stroke-width': 2,
      'vector-effect': 'non-scaling-stroke' });
    if (s.dash) line.setAttribute('stroke-dasharray', '6 4');
    line.dataset.series = s.name;
    svg.append(line);
  });
  const label = svgEl('text', { x: W - PAD, y: 12, 'text-anchor': 'end', class: 'axis' });
  label.textContent = String(max);
  svg.append(label);
}

/** One coloured cell per sample: states = ['UP', 'DOWN', ...]. */
export function stateStrip(svg, states) {
  prepare(svg, 16);
  const n = states.length;
  states.forEach((state, i) => {
    const cell = svgEl('rect', { x: (i / Math.max(1, n)) * W, y: 0, width: W / Math.max(1, n) + 0.5, height: 16,
      class: 'state-' + state.toLowerCase() });
    svg.append(cell);
  });
}

function x(i, n) {
  return n <= 1 ? W : (i / (n - 1)) * W;
}

function y(v, max) {
  return H - PAD - (v / max) * (H - 2 * PAD - 12);
}

/** A legend entry: a coloured swatch and its text. */
export function legendItem(color, text) {
  const item = document.createElement('span');
  item.className = 'legend-item';
  const swatch = document.createElement('i');
  swatch.style.background = color;
  item.append(swatch, document.createTextNode(text));
  return item;
}
