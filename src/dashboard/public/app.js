// dreamreel farm dashboard: plain JS, no build step. Everything shown comes from farm jobs
// (untrusted): text goes in through textContent only, never as HTML.
'use strict';

const TOKEN_KEY = 'dreamreel-dashboard-token';
const thumbs = new Map(); // "renderId:chunk" -> { src, frame }
const armed = new Set(); // renders whose Cancel was pressed once
let snapshot = { renders: [], workers: [], redis: 'ok' };

const $ = (id) => document.getElementById(id);
const headers = () => {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { 'x-dreamreel-token': token } : {};
};

/** A DOM element from a tag, attributes and children (strings become text nodes). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

const duration = (s) =>
  s >= 3600
    ? `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`
    : s >= 60
      ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`
      : `${Math.round(s)} s`;
const percent = (done, frames) => (frames ? Math.floor((100 * done) / frames) : 0);

function bar(done, frames, label, state = '') {
  const p = percent(done, frames);
  const fill = h('span');
  fill.style.width = `${p}%`; // CSSOM, not a style attribute: the page's CSP allows no inline styles
  return h('div', { class: `bar ${state}`, role: 'progressbar', 'aria-label': label, 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': p }, fill);
}

function thumbImage(renderId, chunk, alt) {
  const key = `${renderId}:${chunk}`;
  const t = thumbs.get(key);
  return t
    ? h('img', { class: 'thumb', src: t.src, alt: `${alt}, frame ${t.frame + 1}`, 'data-thumb': key })
    : h('div', { class: 'thumb none', 'data-thumb': key }, 'no frame yet');
}

function workerTile(w) {
  return h(
    'li',
    { class: 'worker' },
    thumbImage(w.renderId, w.chunk - 1, `Latest frame dreamed by ${w.name}`),
    h(
      'div',
      { class: 'body' },
      h('div', { class: 'name' }, w.name),
      h('div', { class: 'meta' }, `chunk ${w.chunk}/${w.chunks} of ${w.renderId}`),
      h('div', { class: 'meta' }, `${w.done}/${w.frames} frames${w.msPerFrame ? ` · ${(w.msPerFrame / 1000).toFixed(1)} s/frame` : ''}`),
      bar(w.done, w.frames, `${w.name}: chunk ${w.chunk} progress`),
    ),
  );
}

function chunkTile(r, c) {
  return h(
    'li',
    { class: `chunk ${c.state}` },
    thumbImage(r.id, c.index, `Chunk ${c.index + 1} of ${r.id}`),
    h(
      'div',
      { class: 'body' },
      h('div', {}, `chunk ${c.index + 1} · ${c.state}`),
      h('div', { class: 'meta' }, `${c.done}/${c.frames}${c.worker ? ` · ${c.worker}` : ''}`),
      bar(c.done, c.frames, `Render ${r.id} chunk ${c.index + 1} progress`, c.state === 'completed' ? 'done' : c.state),
      c.failedReason ? h('p', { class: 'failure' }, c.failedReason) : null,
    ),
  );
}

async function cancel(id) {
  if (!armed.has(id)) {
    armed.add(id);
    setTimeout(() => (armed.delete(id), draw()), 5000);
    return draw();
  }
  armed.delete(id);
  const res = await fetch(`/api/renders/${encodeURIComponent(id)}/cancel`, {
    method: 'POST',
    headers: { ...headers(), 'content-type': 'application/json' },
    body: '{}',
  });
  if (res.status === 401) return askToken();
  const answer = await res.json().catch(() => ({}));
  $('status').textContent = res.ok ? `cancelled ${id}: ${answer.removed} queued chunk(s) dropped` : `could not cancel ${id}: ${answer.error ?? res.status}`;
}

function renderCard(r) {
  const live = ['queued', 'rendering'].includes(r.state);
  const isArmed = armed.has(r.id);
  return h(
    'li',
    { class: 'render', 'data-render': r.id },
    h(
      'header',
      {},
      h('h3', {}, `${r.input} → ${r.output}`),
      h('span', { class: `badge ${r.state}` }, r.state),
      h('span', { class: 'spacer' }),
      live
        ? h(
            'button',
            {
              class: `cancel${isArmed ? ' armed' : ''}`,
              type: 'button',
              'aria-label': isArmed ? `Confirm: cancel render ${r.id}` : `Cancel render ${r.id}`,
              onclick: () => cancel(r.id),
            },
            isArmed ? 'Really cancel?' : 'Cancel',
          )
        : null,
    ),
    h(
      'div',
      { class: 'stats' },
      h('span', {}, h('b', {}, `${r.done}/${r.frames}`), ' frames'),
      h('span', {}, h('b', {}, `${percent(r.done, r.frames)}%`)),
      h('span', {}, h('b', {}, r.fpm ? r.fpm.toFixed(1) : '–'), ' frames/min'),
      h('span', {}, 'ETA ', h('b', {}, r.etaSeconds !== undefined ? duration(r.etaSeconds) : '–')),
      h('span', {}, `${r.width}×${r.height} · ${r.chunks.length} chunk${r.chunks.length === 1 ? '' : 's'} · ${r.id}`),
    ),
    bar(r.done, r.frames, `Render ${r.id} progress`, r.state),
    r.failure ? h('p', { class: 'failure', role: 'alert' }, r.failure) : null,
    h(
      'ol',
      { class: 'chunks', 'aria-label': `Chunks of ${r.id}` },
      r.chunks.map((c) => chunkTile(r, c)),
    ),
  );
}

function draw() {
  const { renders, workers } = snapshot;
  $('workers').replaceChildren(...(workers.length ? workers.map(workerTile) : [h('li', { class: 'empty' }, 'No worker is dreaming right now.')]));
  $('renders').replaceChildren(...(renders.length ? renders.map(renderCard) : [h('li', { class: 'empty' }, 'No farm renders in this Redis.')]));
  const connected = snapshot.connected !== undefined ? `${snapshot.connected} connected, ` : '';
  $('workers-count').textContent = `(${connected}${workers.length} busy)`;
  $('renders-count').textContent = renders.length ? `(${renders.length})` : '';
}

function showStatus() {
  const el = $('status');
  const at = snapshot.at ? new Date(snapshot.at).toLocaleTimeString() : '';
  el.classList.toggle('bad', snapshot.redis !== 'ok');
  el.textContent = snapshot.redis === 'ok' ? `live · updated ${at}` : `Redis is not answering; showing the farm as of ${at}`;
}

/** One Server-Sent Event block: "event: x" and "data: {...}" lines. */
function handle(block) {
  const event = /^event: (.*)$/m.exec(block)?.[1];
  const data = block
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => l.slice(6))
    .join('\n');
  if (!event || !data) return;
  const value = JSON.parse(data);
  if (event === 'snapshot') {
    snapshot = value;
    draw();
    showStatus();
  } else if (event === 'thumb') {
    const key = `${value.renderId}:${value.chunk}`;
    thumbs.set(key, { src: value.src, frame: value.frame });
    // Shown at once, not at the next snapshot.
    for (const el of document.querySelectorAll(`[data-thumb="${CSS.escape(key)}"]`))
      el.replaceWith(thumbImage(value.renderId, value.chunk, el.alt?.replace(/, frame \d+$/, '') || `Chunk ${value.chunk + 1} of ${value.renderId}`));
  }
}

/** Server-Sent Events over fetch (EventSource cannot send the token header); reconnects by itself. */
async function follow() {
  for (;;) {
    try {
      const res = await fetch('/api/events', { headers: headers(), cache: 'no-store' });
      if (res.status === 401) return askToken();
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          handle(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // the dashboard restarted or the network dropped: try again shortly
    }
    $('status').textContent = 'reconnecting…';
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function askToken(message) {
  const form = $('token-form');
  form.hidden = false;
  $('token-error').textContent = message ?? (sessionStorage.getItem(TOKEN_KEY) ? 'That token was refused.' : '');
  $('status').textContent = 'token needed';
  $('token-input').focus();
}

$('token-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $('token-input').value);
  $('token-input').value = '';
  const res = await fetch('/api/session', { method: 'POST', headers: { ...headers(), 'content-type': 'application/json' }, body: '{}' });
  if (!res.ok) return askToken('That token was refused.');
  $('token-form').hidden = true;
  follow();
});

// With a token kept from earlier in this tab, Bull Board's session cookie is renewed too.
if (sessionStorage.getItem(TOKEN_KEY))
  fetch('/api/session', { method: 'POST', headers: { ...headers(), 'content-type': 'application/json' }, body: '{}' }).catch(() => {});
follow();
