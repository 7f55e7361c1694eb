// Recovery: the run under way as a progress bar (GET ../ops/recovery, polled every second by app.js) and the last
// runs that did work as readable rows.
import { api } from './ops-api.js';
import { el, when } from './format.js';

const $ = (id) => document.getElementById(id);

export async function refreshRecovery() {
  const r = await api('GET', '/recovery');
  renderCurrent(r.current);
  renderRuns(r.runs || []);
}

function renderCurrent(run) {
  $('recovery-current').hidden = !run;
  $('recovery-idle').hidden = !!run;
  if (!run) return;
  const done = run.attempted || 0;
  const planned = run.planned || 0;
  const fraction = planned > 0 ? done / planned : 0;
  $('recovery-bar-fill').style.width = Math.round(fraction * 100) + '%';
  $('recovery-bar').dataset.attempted = String(done);
  $('recovery-bar').dataset.planned = String(planned);
  $('recovery-bar').setAttribute('aria-valuenow', String(Math.round(fraction * 100)));
  $('recovery-title').textContent = 'Run under way (' + run.trigger + '), ' + run.phase + ', since ' + when(run.started);
  const parts = ['lost found ' + run.lostFound, 'resubmitted ' + run.resubmitted + ' of ' + planned,
    'remaining ' + run.remaining];
  if (run.ratePerSecond != null) parts.push(run.ratePerSecond + '/s');
  if (run.estimatedEnd) parts.push('ends about ' + new Date(run.estimatedEnd).toLocaleTimeString());
  $('recovery-numbers').textContent = parts.join(' · ');
}

function renderRuns(runs) {
  $('runs-empty').hidden = runs.length > 0;
  $('runs-body').replaceChildren(...runs.map((run) => {
    const tr = el('tr', 'run-row');
    const r = run.resubmissions || {};
    const took = run.started && run.finished ? seconds(run.started, run.finished) : '';
    const cells = [run.trigger || '', when(run.started), took, num(run.callbacksRegistered), num(run.lostFound),
      num(r.submitted), num(r.retry), num(r.dead), num(run.heldForCallback), run.failed ? 'failed: ' + run.failed : 'ok'];
    cells.forEach((text) => tr.append(el('td', null, text)));
    return tr;
  }));
}

/** The last run in one line for the status card: "upstream came back, 12:00:01: lost 2, resubmitted 6". */
export function runSummary(run) {
  if (!run || !run.trigger) return (run && run.state) || 'never run';
  const r = run.resubmissions || {};
  const bits = ['lost found ' + num(run.lostFound), 'resubmitted ' + num(r.submitted)];
  if (r.retry) bits.push('retry ' + r.retry);
  if (r.dead) bits.push('dead ' + r.dead);
  if (run.callbacksRegistered) bits.push('callbacks ' + run.callbacksRegistered);
  return 'finished ' + when(run.finished) + ': ' + bits.join(', ');
}

function num(n) {
  return String(n || 0);
}

function seconds(from, to) {
  const s = (new Date(to) - new Date(from)) / 1000;
  return (Math.round(s * 10) / 10) + ' s';
}
