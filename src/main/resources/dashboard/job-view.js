// One job's details and history, and which actions its state allows. Values are written as text, never HTML.
import { el, when } from './format.js';

const $ = (id) => document.getElementById(id);

export function renderJob(job) {
  $('detail-state').textContent = job.state;
  $('detail-state').dataset.state = job.state;
  const fields = [['upstream id', job.upstreamId], ['attempts', job.attempts], ['tenant', job.tenant],
    ['created', when(job.created)], ['updated', when(job.updated)], ['callback url', job.callbackUrl],
    ['user token', job.userToken], ['audio', job.audioBytes + ' bytes, sha256 ' + job.audioSha256],
    ['query', job.query], ['retain until', when(job.retainUntil)]];
  $('detail-fields').replaceChildren(...fields.flatMap(([k, v]) => [el('dt', null, k), el('dd', null, v == null || v === '' ? '-' : String(v))]));
  const rows = (job.history || []).map((h) => {
    const tr = el('tr', 'history-row');
    tr.dataset.event = h.event;
    tr.append(el('td', null, when(h.at)), el('td', null, h.event), el('td', null, h.by || ''), el('td', null, h.detail || ''));
    return tr;
  });
  $('history-body').replaceChildren(...rows);
  // What the API replays: queued, dead and failed jobs, and submitted ones the upstream lost (it checks first).
  $('btn-replay').disabled = !['queued', 'dead', 'failed', 'submitted'].includes(job.state);
  $('btn-park').disabled = !['received', 'queued', 'submitted', 'completed'].includes(job.state);
  $('btn-unpark').disabled = job.state !== 'dead';
  $('btn-delete').disabled = false;
}
