// Bulk replay of every job matching the dashboard's filters: a dry run first, then a server-side task
// (POST ../ops/replays) whose progress is followed until it ends.
import { api } from './ops-api.js';

const $ = (id) => document.getElementById(id);

/** filterQuery: the filters as URLSearchParams; onError: what to do with a failed call. */
export function wireBulkReplay(filterQuery, onError) {
  const filter = () => {
    const f = {};
    filterQuery().forEach((value, key) => {
      f[key] = key === 'state' ? value.split(',') : key === 'minAttempts' ? Number(value) : value;
    });
    return f;
  };
  const follow = (task) => {
    $('bulk-result').textContent = 'task ' + task.id + ': ' + task.state + ', done ' + task.done + ', failed '
      + task.failed + ', skipped ' + task.skipped + ' of ' + task.planned;
    if (task.state === 'running') {
      setTimeout(() => api('GET', '/replays/' + encodeURIComponent(task.id)).then(follow, onError), 1000);
    }
  };
  const run = async (dryRun) => {
    const body = { filter: filter(), dryRun, ratePerSecond: Number($('bulk-rate').value) || 5 };
    try {
      const r = await api('POST', '/replays', body);
      if (dryRun) {
        $('bulk-result').textContent = r.planned + ' job(s) would be replayed, about ' + r.estimateSeconds + ' s.';
        $('bulk-run').disabled = !(r.planned > 0);
      } else {
        $('bulk-run').disabled = true;
        follow(r);
      }
    } catch (e) {
      onError(e);
    }
  };
  $('bulk-plan').addEventListener('click', () => run(true));
  $('bulk-run').addEventListener('click', () => run(false));
}
