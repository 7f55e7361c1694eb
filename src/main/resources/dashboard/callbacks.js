// Callbacks: the journaled registrations (GET ../ops/callbacks; never their secrets) and a button that registers
// them all upstream again now (POST ../ops/callbacks/reregister; the upstream's 20-an-hour limit still holds).
import { api } from './ops-api.js';
import { el, when, short } from './format.js';

const $ = (id) => document.getElementById(id);

export async function refreshCallbacks() {
  const answer = await api('GET', '/callbacks');
  const list = answer.callbacks || [];
  $('callbacks-empty').hidden = list.length > 0;
  $('callbacks-body').replaceChildren(...list.map((c) => {
    const tr = el('tr', 'callback-row');
    tr.dataset.url = c.url;
    [c.url, short(c.tenant), c.hasSecret ? 'yes' : 'no', when(c.registeredAt), c.lastResult || '',
      String((c.history || []).length)]
      .forEach((text, i) => tr.append(el('td', i === 0 ? 'id' : null, text)));
    tr.children[1].title = c.tenant || '';
    return tr;
  }));
}

/** say(kind, text) reports the outcome; onError handles a refused call. */
export function wireCallbacks(say, onError) {
  $('btn-reregister').addEventListener('click', async () => {
    if (!window.confirm('Register every journaled callback URL upstream again now?')) return;
    try {
      await api('POST', '/callbacks/reregister');
      say('ok', 'Re-registration of every journaled callback started');
      setTimeout(() => refreshCallbacks().catch(onError), 1000);
    } catch (e) {
      onError(e);
    }
  });
}
