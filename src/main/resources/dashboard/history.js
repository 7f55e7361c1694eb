// The last hour, from GET ../ops/history: the server samples it (admin.historySampleMillis), so a fresh page draws
// the whole hour; later calls fetch only the samples after the newest one held here.
import { api } from './ops-api.js';
import { lineChart, stateStrip, legendItem } from './charts.js';

const $ = (id) => document.getElementById(id);
const HOUR_MS = 3600 * 1000;
const STATES = [['queued', '#9a6700'], ['submitted', '#0969da'], ['completed', '#1a7f37'], ['received', '#8250df']];
const samples = [];

export async function refreshHistory() {
  const since = samples.length ? samples[samples.length - 1].at : null;
  const answer = await api('GET', '/history' + (since ? '?since=' + encodeURIComponent(since) : ''));
  samples.push(...(answer.samples || []));
  const oldest = Date.now() - HOUR_MS;
  while (samples.length && new Date(samples[0].at).getTime() < oldest) samples.shift();
  render(answer.sampleMillis);
}

function render(sampleMillis) {
  const unfinished = samples.map((s) => s.unfinished);
  const series = [{ name: 'unfinished', color: '#1d2330', values: unfinished, dash: true }]
    .concat(STATES.map(([state, color]) => ({ name: state, color, values: samples.map((s) => s.jobs[state] || 0) })));
  lineChart($('chart-jobs'), series);
  const now = unfinished.length ? unfinished[unfinished.length - 1] : 0;
  const peak = Math.max(0, ...unfinished);
  $('chart-jobs-summary').textContent = 'now ' + now + ', peak ' + peak + ' in the last hour';
  $('chart-jobs-legend').replaceChildren(...series.map((s) => legendItem(s.color, s.name)));

  const perSample = (key) => samples.map((s, i) => (i === 0 ? 0 : Math.max(0, s[key] - samples[i - 1][key])));
  lineChart($('chart-flow'), [{ name: 'submissions', color: '#0969da', values: perSample('submissions') },
    { name: 'resubmitted', color: '#bf3989', values: perSample('resubmitted') }]);
  const last = samples[samples.length - 1] || { submissions: 0, resubmitted: 0 };
  $('chart-flow-summary').textContent = 'per ' + Math.round((sampleMillis || 0) / 100) / 10 + ' s; since start: '
    + last.submissions + ' submitted, ' + last.resubmitted + ' resubmitted';
  $('chart-flow-legend').replaceChildren(legendItem('#0969da', 'submissions'), legendItem('#bf3989', 'resubmitted'));

  stateStrip($('chart-upstream'), samples.map((s) => s.upstream));
  const down = samples.filter((s) => s.upstream !== 'UP').length;
  $('chart-upstream-summary').textContent = down === 0 ? 'up the whole time shown'
    : 'down in ' + down + ' of ' + samples.length + ' samples';
  $('history-span').textContent = samples.length
    ? 'from ' + new Date(samples[0].at).toLocaleTimeString() + ' to ' + new Date(last.at).toLocaleTimeString() : '';
}
