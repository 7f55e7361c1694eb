// The status cards at the top: upstream, unfinished jobs and the oldest, the last recovery run, jobs per state.
import { el, when, age } from './format.js';
import { runSummary } from './recovery.js';

const $ = (id) => document.getElementById(id);

export function renderStatus(s) {
  const up = s.upstream || {};
  $('status-upstream').textContent = up.state || '?';
  $('status-upstream').dataset.state = up.state || '';
  $('status-upstream-since').textContent = up.since ? 'since ' + when(up.since) + (up.reason ? ' (' + up.reason + ')' : '') : '';
  $('status-unfinished').textContent = String(s.unfinished ?? '?');
  const old = s.oldestUnfinished;
  $('status-oldest').textContent = old ? 'oldest: ' + old.id + ' (' + old.state + ', ' + age(old.ageSeconds) + ' old)' : 'none waiting';
  const run = s.recovery || {};
  $('status-recovery').textContent = run.trigger ? run.trigger : (run.state || 'never run');
  $('status-recovery-detail').textContent = run.finished ? runSummary(run) : '';
  const counts = $('status-counts');
  counts.replaceChildren(...Object.entries(s.jobs || {}).map(([state, n]) => {
    const li = el('li', null, state + ' ');
    li.dataset.count = state;
    li.append(el('strong', null, String(n)));
    return li;
  }));
}
