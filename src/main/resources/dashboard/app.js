// The operations dashboard: plain JavaScript against the admin port's ops API (same origin, ../ops/...).
// Every value from the API is written with textContent, never as HTML: job fields come from clients.
import { api, TOKEN_KEY, OPERATOR_KEY } from './ops-api.js';
import { el, when, short } from './format.js';
import { wireBulkReplay } from './bulk.js';
import { renderStatus } from './status.js';
import { renderJob } from './job-view.js';
import { refreshRecovery } from './recovery.js';
import { refreshHistory } from './history.js';
import { refreshCallbacks, wireCallbacks } from './callbacks.js';
import { refreshModels, wireModels } from './models.js';

const REFRESH_MS = 3000;
const PROGRESS_MS = 1000; // a recovery run's progress bar moves every second
const PAGE_SIZE = 25;

const $ = (id) => document.getElementById(id);
const view = { cursors: [null], page: 0, next: null, jobId: null, timer: null, progressTimer: null };

// ---- sign in ----

function showLogin(error) {
  stopRefresh();
  $('app').hidden = true;
  $('sign-out').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = error || '';
  $('operator-input').value = sessionStorage.getItem(OPERATOR_KEY) || '';
  $('token-input').focus();
}

async function start() {
  try {
    await refresh();
  } catch (e) {
    if (e.status === 401) {
      showLogin(sessionStorage.getItem(TOKEN_KEY) ? 'The gateway refused this token.' : '');
      sessionStorage.removeItem(TOKEN_KEY);
      return;
    }
    say('error', e.message);
  }
  $('login').hidden = true;
  $('app').hidden = false;
  $('sign-out').hidden = !sessionStorage.getItem(TOKEN_KEY);
  startRefresh();
}

function startRefresh() {
  stopRefresh();
  view.timer = setInterval(() => refresh().catch(onError), REFRESH_MS);
  view.progressTimer = setInterval(() => refreshRecovery().catch(onError), PROGRESS_MS);
}

function stopRefresh() {
  if (view.timer) clearInterval(view.timer);
  if (view.progressTimer) clearInterval(view.progressTimer);
  view.timer = null;
  view.progressTimer = null;
}

function onError(e) {
  if (e.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    showLogin('The gateway refused the token; enter it again.');
  } else {
    say('error', e.message);
  }
}

function say(kind, text) {
  const m = $('message');
  m.dataset.kind = kind;
  m.textContent = text;
}

// ---- refresh: status, the current page of jobs, the open job ----

async function refresh() {
  const [status] = await Promise.all([api('GET', '/status'), loadJobs(), view.jobId ? loadJob(view.jobId) : null,
    refreshRecovery(), refreshHistory(), refreshCallbacks(), refreshModels()]);
  renderStatus(status);
  $('refreshed').textContent = 'updated ' + new Date().toLocaleTimeString();
}

// ---- jobs table ----

function filterQuery() {
  const q = new URLSearchParams();
  const put = (key, value) => { if (value !== '' && value != null) q.set(key, value); };
  put('state', $('filter-state').value);
  put('tenant', $('filter-tenant').value.trim());
  put('userToken', $('filter-user-token').value.trim());
  put('minAttempts', $('filter-min-attempts').value.trim());
  return q;
}

async function loadJobs() {
  const q = filterQuery();
  q.set('limit', String(PAGE_SIZE));
  const cursor = view.cursors[view.page];
  if (cursor) q.set('cursor', cursor);
  const page = await api('GET', '/jobs?' + q.toString());
  view.next = page.next || null;
  renderJobs(page.jobs || []);
}

// Rows are kept per job id and updated in place, so a row stays the same element across refreshes.
function renderJobs(jobs) {
  const body = $('jobs-body');
  const existing = new Map([...body.children].map((tr) => [tr.dataset.jobId, tr]));
  const rows = jobs.map((job) => {
    const tr = existing.get(job.id) || newJobRow(job.id);
    existing.delete(job.id);
    tr.dataset.state = job.state;
    tr.classList.toggle('selected', job.id === view.jobId);
    const last = job.lastEvent ? job.lastEvent.event + (job.lastEvent.detail ? ': ' + job.lastEvent.detail : '') : '';
    const cells = [job.id, job.state, String(job.attempts), when(job.created), when(job.updated),
      short(job.tenant), job.userToken || '', last];
    cells.forEach((text, i) => { if (tr.children[i].textContent !== text) tr.children[i].textContent = text; });
    tr.children[5].title = job.tenant || '';
    return tr;
  });
  existing.forEach((tr) => tr.remove());
  rows.forEach((tr) => body.appendChild(tr));
  $('jobs-empty').hidden = jobs.length > 0;
  $('page-prev').disabled = view.page === 0;
  $('page-next').disabled = !view.next;
  $('page-info').textContent = 'page ' + (view.page + 1);
}

function newJobRow(id) {
  const tr = el('tr', 'job-row');
  tr.dataset.jobId = id;
  for (let i = 0; i < 8; i++) tr.append(el('td', i === 0 ? 'id' : null, ''));
  tr.addEventListener('click', () => openJob(id));
  return tr;
}

function resetPaging() {
  view.cursors = [null];
  view.page = 0;
}

// ---- one job ----

function openJob(id) {
  view.jobId = id;
  $('job-detail').hidden = false;
  $('detail-id').textContent = id;
  [...$('jobs-body').children].forEach((tr) => tr.classList.toggle('selected', tr.dataset.jobId === id));
  loadJob(id).then(() => $('job-detail').scrollIntoView({ block: 'start' }), onError);
}

async function loadJob(id) {
  try {
    const job = await api('GET', '/jobs/' + encodeURIComponent(id));
    if (view.jobId === id) renderJob(job);
  } catch (e) {
    if (e.status === 404) {
      // Gone: dropped, or retired by the sweeper; a refresh in flight when it was dropped lands here too.
      if (view.jobId === id) $('detail-state').textContent = 'gone';
      return;
    }
    throw e;
  }
}

async function act(action, confirmText) {
  const id = view.jobId;
  if (!id || (confirmText && !window.confirm(confirmText))) return;
  try {
    const result = await api('POST', '/jobs/' + encodeURIComponent(id) + '/' + action);
    const verb = { replay: 'Replay of', park: 'Parked', unpark: 'Unparked' }[action];
    say('ok', verb + ' ' + id + (action === 'replay' ? ' accepted' : '') + (result.state ? ': now ' + result.state : ''));
    await refresh();
  } catch (e) {
    onError(e);
  }
}

// Drops the record, the audio and any results (DELETE ../ops/jobs/ID?confirm=ID): the operator types the id.
async function dropJob() {
  const id = view.jobId;
  if (!id || window.prompt('Drop job ' + id + ' from the journal (record, audio, results)? Type its id:') !== id) return;
  try {
    await api('DELETE', '/jobs/' + encodeURIComponent(id) + '?confirm=' + encodeURIComponent(id));
    say('ok', 'Dropped ' + id + ' from the journal');
    view.jobId = null;
    $('job-detail').hidden = true;
    await refresh();
  } catch (e) {
    onError(e);
  }
}

// ---- wiring ----

$('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $('token-input').value);
  const operator = $('operator-input').value.trim();
  if (operator) sessionStorage.setItem(OPERATOR_KEY, operator); else sessionStorage.removeItem(OPERATOR_KEY);
  $('token-input').value = '';
  start();
});
$('sign-out').addEventListener('click', () => { sessionStorage.removeItem(TOKEN_KEY); showLogin(''); });
$('filters').addEventListener('submit', (event) => { event.preventDefault(); resetPaging(); loadJobs().catch(onError); });
$('filter-state').addEventListener('change', () => { resetPaging(); loadJobs().catch(onError); });
$('filter-reset').addEventListener('click', () => {
  $('filters').reset();
  resetPaging();
  loadJobs().catch(onError);
});
$('page-next').addEventListener('click', () => {
  if (!view.next) return;
  view.cursors[view.page + 1] = view.next;
  view.page += 1;
  loadJobs().catch(onError);
});
$('page-prev').addEventListener('click', () => {
  if (view.page === 0) return;
  view.page -= 1;
  loadJobs().catch(onError);
});
$('btn-replay').addEventListener('click', () => act('replay'));
$('btn-park').addEventListener('click', () => act('park', 'Park this job as dead? Recovery stops resubmitting it.'));
$('btn-unpark').addEventListener('click', () => act('unpark'));
$('btn-delete').addEventListener('click', () => dropJob());
$('btn-close').addEventListener('click', () => {
  view.jobId = null;
  $('job-detail').hidden = true;
  [...$('jobs-body').children].forEach((tr) => tr.classList.remove('selected'));
});
wireBulkReplay(filterQuery, onError);
wireCallbacks(say, onError);
wireModels();

start();
