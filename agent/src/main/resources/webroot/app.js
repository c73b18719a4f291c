// The station's status page: one EventSource (/api/live) pushes a snapshot a second; everything on the page is
// rendered from it with textContent (never innerHTML), so no stored value can inject markup.
'use strict';

const $ = (id) => document.getElementById(id);
const samples = []; // [ms, decisions] for the decisions-per-minute rate (from the monotonic counter)
let lastEventSeq = 0;
let lastUpdate = null;
let openTrace = null;

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function fmt(n, digits) {
  return n === null || n === undefined ? '-' : (typeof n === 'number' ? n.toFixed(digits) : String(n));
}

function uptime(s) {
  const d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
  return (d ? d + 'd ' : '') + (d || h ? h + 'h ' : '') + m + 'm ' + (s % 60) + 's';
}

function renderHeader(live) {
  const s = live.status;
  $('station').textContent = s.station + ' / ' + s.device;
  $('site').textContent = s.site;
  $('profile').textContent = s.profile;
  $('version').textContent = s.version;
  $('uptime').textContent = uptime(live.uptime_s);
  $('bundle').textContent = s.bundle ? s.bundle.id + ' ' + s.bundle.version : 'NONE (fail closed)';
  $('backend').textContent = s.backend;
  const cam = $('camera');
  cam.textContent = live.camera.state + ' (' + live.camera.reason + ')';
  cam.className = live.camera.state === 'ok' ? 'cam-ok' : 'cam-bad';
  const faults = (s.problems || []).slice();
  if (!s.bundle) faults.unshift('No serving bundle: every parcel goes to manual intake.');
  if (live.camera.state !== 'ok' && !faults.some((p) => p.startsWith('camera'))) {
    faults.push('camera ' + live.camera.state + ': ' + live.camera.reason);
  }
  $('fault').hidden = faults.length === 0;
  $('fault').textContent = faults.length ? 'FAULT\n' + faults.join('\n') : '';
}

function renderRate(decisions) {
  const now = Date.now();
  samples.push([now, decisions]);
  while (samples.length > 2 && now - samples[1][0] >= 60000) samples.shift();
  const [t0, d0] = samples[0];
  $('decisions').textContent = decisions;
  $('rate').textContent = now - t0 >= 2000 ? ((decisions - d0) / ((now - t0) / 60000)).toFixed(1) : '-';
}

function renderMix(tableId, counts) {
  const body = document.querySelector('#' + tableId + ' tbody');
  body.replaceChildren();
  const entries = Object.entries(counts || {});
  const total = entries.reduce((a, [, n]) => a + n, 0);
  if (!entries.length) body.append(rowOf([el('td', 'none yet')]));
  for (const [name, n] of entries) {
    const bar = el('span', null, 'bar');
    bar.style.width = Math.round(120 * n / Math.max(total, 1)) + 'px';
    const barCell = el('td');
    barCell.append(bar);
    body.append(rowOf([el('td', name, 'route-' + name), el('td', n),
      el('td', (100 * n / Math.max(total, 1)).toFixed(1) + ' %'), barCell]));
  }
}

function rowOf(cells) {
  const tr = el('tr');
  tr.append(...cells);
  return tr;
}

function renderLatency(latency) {
  const body = document.querySelector('#latency tbody');
  body.replaceChildren();
  for (const [stage, l] of Object.entries(latency || {})) {
    body.append(rowOf([el('td', stage), el('td', fmt(l.p50, 2)), el('td', fmt(l.p95, 2)),
      el('td', fmt(l.p99, 2)), el('td', fmt(l.max, 2))]));
  }
}

let shownRecent = '';

function renderRecent(recent) {
  // rebuilt only when a decision came or went, so a row is not replaced under the pointer every second
  const ids = recent.map((d) => d.trace_id).join(',');
  if (ids === shownRecent) return;
  shownRecent = ids;
  const body = document.querySelector('#recent tbody');
  body.replaceChildren();
  for (const d of recent) {
    const score = d.score === null ? '-' : fmt(d.score, 3) + ' / ' + fmt(d.threshold, 2);
    const tr = rowOf([el('td', new Date(d.decided_at).toLocaleTimeString()), el('td', d.parcel_seq ?? '-'),
      el('td', d.route, 'route-' + d.route), el('td', d.reason + (d.gate_reasons.length ? ' (' +
        d.gate_reasons.join(', ') + ')' : '')), el('td', score), el('td', fmt(d.blur, 3)),
      el('td', fmt(d.brightness, 3)), el('td', fmt(d.over_exposed, 3)), el('td', fmt(d.total_ms, 1))]);
    tr.dataset.traceId = d.trace_id;
    tr.dataset.evidence = String(d.evidence);
    tr.className = 'decision';
    tr.addEventListener('click', () => showTrace(d.trace_id));
    body.append(tr);
  }
}

async function showTrace(id) {
  openTrace = id;
  const res = await fetch('/api/traces/' + encodeURIComponent(id));
  if (!res.ok) {
    $('trace-panel').hidden = false;
    $('trace-id').textContent = id + ' (' + res.status + ')';
    return;
  }
  const t = await res.json();
  if (openTrace !== id) return;
  $('trace-id').textContent = id;
  const body = document.querySelector('#trace-fields tbody');
  body.replaceChildren();
  for (const [k, v] of Object.entries(t)) {
    body.append(rowOf([el('th', k), el('td', typeof v === 'object' && v !== null ? JSON.stringify(v) : v)]));
  }
  const img = $('evidence');
  const has = Boolean(t.evidence_path);
  img.hidden = !has;
  $('no-evidence').hidden = has;
  if (has) img.src = '/api/traces/' + encodeURIComponent(id) + '/evidence.jpg';
  else img.removeAttribute('src');
  $('trace-panel').hidden = false;
}

async function loadEvents() {
  const res = await fetch('/api/events?since=' + lastEventSeq);
  if (!res.ok) return;
  const body = await res.json();
  const list = $('events');
  for (const e of body.events) {
    const li = el('li', new Date(e.at).toLocaleTimeString() + '  ' + e.kind + ': ' + e.message, 'sev-' + e.severity);
    list.prepend(li);
    lastEventSeq = Math.max(lastEventSeq, e.seq);
  }
  while (list.children.length > 200) list.lastChild.remove();
}

function render(live) {
  lastUpdate = new Date();
  renderHeader(live);
  renderRate(live.status.decisions);
  $('failclosed').textContent = (live.status.routes || {}).manual_intake || 0;
  renderMix('routes', live.status.routes);
  renderMix('gates', live.status.gate_reasons);
  renderLatency(live.status.latency_ms);
  renderRecent(live.recent);
  if (live.last_event_seq > lastEventSeq) loadEvents();
}

function connect() {
  const source = new EventSource('/api/live');
  source.addEventListener('status', (m) => render(JSON.parse(m.data)));
  source.addEventListener('open', () => {
    $('conn').textContent = 'live';
    $('offline').hidden = true;
  });
  source.addEventListener('error', () => {
    // EventSource reconnects by itself (retry: from the server); the page keeps the last data and says so
    $('conn').textContent = 'disconnected';
    $('offline-since').textContent = lastUpdate ? lastUpdate.toLocaleTimeString() : 'never';
    $('offline').hidden = false;
  });
}

$('trace-close').addEventListener('click', () => {
  openTrace = null;
  $('trace-panel').hidden = true;
});
connect();
