// Custom models: the model vault (GET ../ops/models) as a table, refreshed with the other views, and one model's
// details and history (GET ../ops/models/ID) when its row is clicked. Values are written as text, never HTML.
import { api } from './ops-api.js';
import { el, when } from './format.js';

const $ = (id) => document.getElementById(id);
const open = { id: null };

export async function refreshModels() {
  const answer = await api('GET', '/models');
  const list = answer.models || [];
  $('models-empty').hidden = list.length > 0;
  $('models-body').replaceChildren(...list.map(modelRow));
  if (open.id) await loadModel(open.id);
}

function modelRow(m) {
  const tr = el('tr', 'model-row');
  tr.dataset.modelId = m.id;
  tr.dataset.state = m.state;
  tr.classList.toggle('selected', m.id === open.id);
  const def = m.definition || {};
  [m.id, def.name || '', m.kind, m.state, def.base_model_name || '', resources(m.resources || []),
    String(Object.keys(m.words || {}).length), m.training ? 'yes' : 'no', restore(m)]
    .forEach((text, i) => tr.append(el('td', i === 0 ? 'id' : null, text)));
  tr.addEventListener('click', () => openModel(m.id));
  return tr;
}

/** Counts per type: "3 corpora, 1 grammar", "5 audio". */
function resources(list) {
  const counts = {};
  list.forEach((r) => { counts[r.type] = (counts[r.type] || 0) + 1; });
  const plural = (type, n) => (n === 1 || type === 'audio' ? type : type === 'corpus' ? 'corpora' : type + 's');
  const parts = Object.entries(counts).map(([type, n]) => n + ' ' + plural(type, n));
  return parts.length ? parts.join(', ') : 'none';
}

/** A restore under way (its step and the resources done), else the last restore event and when. */
function restore(m) {
  const p = m.restore;
  if (m.state === 'restoring' && p) {
    const done = (p.done || []).length;
    return 'restoring: ' + (p.step || 'create') + ' (' + done + ' of ' + (m.resources || []).length + ' resources done)';
  }
  if (m.state === 'parked' && p && p.parked) return 'parked: ' + p.parked;
  const last = m.lastRestore;
  return last ? last.event + ' ' + when(last.at) : '';
}

function openModel(id) {
  open.id = id;
  $('model-detail').hidden = false;
  $('model-detail-id').textContent = id;
  [...$('models-body').children].forEach((tr) => tr.classList.toggle('selected', tr.dataset.modelId === id));
  loadModel(id).then(() => $('model-detail').scrollIntoView({ block: 'start' }), () => {});
}

async function loadModel(id) {
  const m = await api('GET', '/models/' + encodeURIComponent(id));
  if (open.id !== id) return;
  $('model-detail-state').textContent = m.state;
  $('model-detail-state').dataset.state = m.state;
  const def = m.definition || {};
  const fields = [['name', def.name], ['kind', m.kind], ['base model', def.base_model_name],
    ['upstream id', m.upstreamId], ['tenant', m.tenant], ['resources', (m.resources || []).map((r) => r.type + ' '
      + r.name + ' (' + r.bytes + ' bytes)').join(', ')], ['words', Object.keys(m.words || {}).join(', ')],
    ['training', !m.training ? 'never trained' : Object.keys(m.training).length ? JSON.stringify(m.training)
      : 'trained with the default parameters'],
    ['restore', m.restore ? JSON.stringify(m.restore) : '']];
  $('model-detail-fields').replaceChildren(...fields.flatMap(([k, v]) =>
    [el('dt', null, k), el('dd', null, v == null || v === '' ? '-' : String(v))]));
  $('model-history-body').replaceChildren(...(m.history || []).map((h) => {
    const tr = el('tr', 'model-history-row');
    tr.dataset.event = h.event;
    tr.append(el('td', null, when(h.at)), el('td', null, h.event), el('td', null, h.by || ''),
      el('td', null, h.detail || ''));
    return tr;
  }));
}

export function wireModels() {
  $('model-close').addEventListener('click', () => {
    open.id = null;
    $('model-detail').hidden = true;
    [...$('models-body').children].forEach((tr) => tr.classList.remove('selected'));
  });
}
