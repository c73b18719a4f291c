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
  $('profile').textContent = s.profile && typeof s.profile === 'object' ? s.profile.id : s.profile;
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
    const tr = rowOf([el('td', new Date(d.decided_at).toLocaleTimeString()), el('td', d.parcel_seq ?? 'by hand'),
      el('td', d.route, 'route-' + d.route), el('td', d.reason + (d.gate_reasons.length ? ' (' +
        d.gate_reasons.join(', ') + ')' : '')), thumbCell(d), el('td', score), el('td', fmt(d.blur, 3)),
      el('td', fmt(d.brightness, 3)), el('td', fmt(d.over_exposed, 3)), el('td', fmt(d.total_ms, 1))]);
    tr.dataset.traceId = d.trace_id;
    tr.dataset.evidence = String(d.evidence);
    tr.className = 'decision';
    tr.addEventListener('click', () => showTrace(d.trace_id));
    body.append(tr);
  }
}

function thumbCell(d) {
  const td = el('td');
  if (d.evidence) {
    const img = el('img', null, 'thumb');
    img.loading = 'lazy';
    img.alt = 'evidence';
    img.src = '/api/traces/' + encodeURIComponent(d.trace_id) + '/evidence.jpg';
    td.append(img);
  } else {
    td.textContent = '-';
  }
  return td;
}

async function showExplanation(id) {
  const res = await fetch('/api/traces/' + encodeURIComponent(id) + '/explain');
  if (!res.ok || openTrace !== id) return;
  const e = await res.json();
  $('explain-verdict').textContent = e.matches ? 'matches the stored route (' + e.stored_route + ' / ' +
    e.stored_reason + ')' : 'DOES NOT MATCH the stored route (' + e.stored_route + ' / ' + e.stored_reason + ')';
  $('explain-verdict').className = e.matches ? 'psi-ok' : 'psi-critical';
  const body = document.querySelector('#explain tbody');
  body.replaceChildren();
  for (const c of e.checks) {
    body.append(rowOf([el('td', c.rule), el('td', c.measure), el('td', c.value), el('td', c.limit),
      el('td', c.status, 'rule-' + c.status.replace(' ', '-')), el('td', c.effect)]));
  }
  const diffs = $('explain-differences');
  diffs.replaceChildren(...e.differences.map((d) => el('li', d)));
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
  await showExplanation(id);
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
  renderChart(live.status.latency_ms);
  renderHealth(live.health || {});
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

// ---- latency chart: p95 per stage, one point per tick, plain canvas ----
const CHART_POINTS = 180;
const COLOURS = ['#4a78c2', '#c0392b', '#2e8b57', '#9a6700', '#7b3fa0', '#1f8a9e', '#555', '#d35400'];
const history = {};

function renderChart(latency) {
  for (const [stage, l] of Object.entries(latency || {})) {
    (history[stage] = history[stage] || []).push(l.p95);
    if (history[stage].length > CHART_POINTS) history[stage].shift();
  }
  const canvas = $('latency-chart');
  const g = canvas.getContext('2d');
  g.clearRect(0, 0, canvas.width, canvas.height);
  const stages = Object.keys(history);
  const max = Math.max(1, ...stages.flatMap((s) => history[s]));
  g.fillStyle = '#667';
  g.font = '10px sans-serif';
  g.fillText(max.toFixed(1) + ' ms', 2, 10);
  stages.forEach((stage, i) => {
    g.strokeStyle = COLOURS[i % COLOURS.length];
    g.beginPath();
    history[stage].forEach((v, x) => {
      const px = x * (canvas.width / (CHART_POINTS - 1));
      const py = canvas.height - 2 - (v / max) * (canvas.height - 14);
      if (x === 0) g.moveTo(px, py); else g.lineTo(px, py);
    });
    g.stroke();
  });
  $('latency-legend').replaceChildren(...stages.map((s, i) => {
    const span = el('span', '\u25A0 ' + s + ' p95');
    span.style.color = COLOURS[i % COLOURS.length];
    return span;
  }));
}

// ---- health panels: drift, sync, resources ----
function kv(tableId, rows) {
  const body = document.querySelector('#' + tableId + ' tbody');
  body.replaceChildren(...rows.map(([k, v, cls]) => rowOf([el('th', k), el('td', v, cls)])));
}

function ago(iso) {
  return iso ? Math.round((Date.now() - new Date(iso).getTime()) / 1000) + ' s ago' : 'never';
}

function renderHealth(h) {
  const body = document.querySelector('#drift tbody');
  body.replaceChildren();
  if (!h.drift) {
    $('drift-window').textContent = 'no window closed yet';
  } else {
    $('drift-window').textContent = h.drift.count + ' decisions until ' +
      new Date(h.drift.end).toLocaleTimeString() + ': ' + h.drift.status;
    for (const f of h.drift.features) {
      body.append(rowOf([el('td', f.feature), el('td', fmt(f.psi, 3)), el('td', f.status, 'psi-' + f.status)]));
    }
  }
  const s = h.sync;
  kv('sync', s ? [['broker', s.broker], ['connection', s.connected ? 'connected' : 'DISCONNECTED' +
    (s.down_since ? ' since ' + new Date(s.down_since).toLocaleTimeString() : ''), s.connected ? 'psi-ok' : 'psi-critical'],
  ['backlog', s.backlog + ' items'], ['oldest waiting', s.oldest_age_s === null ? '-' : fmt(s.oldest_age_s, 0) + ' s'],
  ['last receipt', ago(s.last_receipt_at)], ['reconnects', s.reconnects]] : [['sync', 'off (decisions stay local)']]);
  const r = h.resources;
  if (!r) return kv('resources', [['resources', 'not measured']]);
  const rows = [['disk free', r.free_disk_mb + ' MiB (keep ' + r.min_free_disk_mb + ')',
    r.free_disk_mb >= r.min_free_disk_mb ? 'psi-ok' : 'psi-critical'],
  ['heap', r.used_heap_mb + ' / ' + r.max_heap_mb + ' MiB (profile allows ' + r.memory_limit_mb + ')',
    r.max_heap_mb <= r.memory_limit_mb ? 'psi-ok' : 'psi-warning']];
  for (const z of r.thermal || []) {
    rows.push(['temperature ' + z.type, z.celsius === null ? z.state : z.celsius.toFixed(1) + ' °C (throttle ' +
      z.throttle_c + ', critical ' + z.critical_c + ')', z.state === 'ok' ? 'psi-ok' : 'psi-warning']);
  }
  kv('resources', rows);
}

// ---- live view: newest JPEG a few times a second; one request at a time ----
let liveUrl = null;

async function refreshLive() {
  try {
    const res = await fetch('/api/live.jpg', { cache: 'no-store' });
    if (res.ok) {
      const seq = res.headers.get('x-live-seq');
      const blob = await res.blob();
      const img = $('live');
      if (seq !== img.dataset.seq) {
        const url = URL.createObjectURL(blob);
        img.src = url;
        if (liveUrl) URL.revokeObjectURL(liveUrl);
        liveUrl = url;
        img.dataset.seq = seq;
        $('live-meta').textContent = seq === '0' ? 'waiting for a frame' : 'frame ' +
          res.headers.get('x-frame-index') + ' · ' + res.headers.get('x-gate');
      }
    }
  } catch (e) {
    // offline: the banner says so; the last frame stays
  }
  setTimeout(refreshLive, 250);
}

// ---- control actions: POST with the bearer token, never cookies; the token stays in this page's memory ----
async function loadControls() {
  const res = await fetch('/api/control');
  if (!res.ok) return;
  const c = await res.json();
  $('control-state').textContent = c.enabled ? '' : c.reason;
  $('control-token').disabled = !c.enabled;
  $('control-buttons').replaceChildren(...c.actions.map((a) => {
    const b = el('button', a.name.replace(/_/g, ' '));
    b.type = 'button';
    b.title = a.description;
    b.disabled = !c.enabled;
    b.dataset.action = a.name;
    b.addEventListener('click', () => act(a.name));
    return b;
  }));
}

async function act(name) {
  $('control-result').textContent = name + '…';
  try {
    const res = await fetch('/api/control/' + encodeURIComponent(name), {
      method: 'POST', credentials: 'omit',
      headers: { Authorization: 'Bearer ' + $('control-token').value },
    });
    const body = await res.json();
    $('control-result').textContent = name + ': ' + (res.ok ? body.result : res.status + ' ' + body.error);
  } catch (e) {
    $('control-result').textContent = name + ': ' + e;
  }
}

$('trace-close').addEventListener('click', () => {
  openTrace = null;
  $('trace-panel').hidden = true;
});
connect();
refreshLive();
loadControls();
