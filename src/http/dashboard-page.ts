import type { IncomingMessage, ServerResponse } from 'node:http';
import { ContentType, sendText } from './http-response.js';

/**
 * The operator dashboard at `/`: every live event with its state, encoders, per-track health from the
 * latest heartbeats and recent stream events. It polls `/status.json` and refreshes on every event of
 * `/events/ws`. Access tokens are never shown (the ingest URLs are in the API and the CLI).
 */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Inlet</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1rem; color: #222; }
  h1 { font-size: 1.3rem; } h2 { font-size: 1.1rem; margin: 1.5rem 0 .3rem; }
  table { border-collapse: collapse; width: 100%; margin: .3rem 0; }
  th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #ddd; font-variant-numeric: tabular-nums; }
  .ok { color: #17803d; } .bad { color: #b3261e; font-weight: 600; } .muted { color: #777; }
  code { font-size: 12px; }
</style>
</head>
<body>
<h1>Inlet</h1>
<div id="root" class="muted">loading…</div>
<script>
const root = document.getElementById('root');
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
const kbps = (b) => (b / 1000).toFixed(0) + ' kbit/s';
function render(s) {
  if (s.liveEvents.length === 0) { root.innerHTML = '<p>No live events.</p>'; return; }
  root.innerHTML = s.liveEvents.map((e) => {
    const sessions = e.sessions.length === 0 ? '<p class="muted">no encoder connected</p>' :
      '<table><tr><th>stream</th><th>endpoint</th><th>encoder</th><th>since</th></tr>' +
      e.sessions.map((x) => '<tr><td>' + esc(x.streamName) + '</td><td>' + esc(x.endpoint) + '</td><td>' + esc(x.remote) +
        '</td><td>' + esc(x.since) + '</td></tr>').join('') + '</table>';
    const tracks = e.tracks.length === 0 ? '' :
      '<table><tr><th>track</th><th>bitrate</th><th>incoming</th><th>drift</th><th>overlaps</th><th>discont.</th><th>non-incr.</th><th>healthy</th></tr>' +
      e.tracks.map((t) => '<tr><td>' + esc(t.trackName) + '</td><td>' + kbps(t.bitrate) + '</td><td>' + kbps(t.incomingBitrate) +
        '</td><td>' + esc(t.ingestDriftValue) + '</td><td>' + t.overlapCount + '</td><td>' + t.discontinuityCount + '</td><td>' +
        t.nonincreasingCount + '</td><td class="' + (t.healthy ? 'ok">yes' : 'bad">no') + '</td></tr>').join('') + '</table>';
    const events = e.recentEvents.slice(-8).reverse().map((x) => '<tr><td>' + esc(x.eventTime) + '</td><td>' +
      esc(x.eventType.replace('Microsoft.Media.LiveEvent', '')) + '</td><td><code>' + esc(JSON.stringify(x.data)) + '</code></td></tr>').join('');
    return '<h2>' + esc(e.name) + ' <span class="' + (e.resourceState === 'Running' ? 'ok' : 'muted') + '">' + esc(e.resourceState) +
      '</span>' + (e.lowLatency ? ' · low latency' : '') + (e.resourceState === 'Running' ? ' · <a href="' + esc(e.previewUrl) + '">preview</a>' : '') +
      '</h2>' + sessions + tracks + (events ? '<table>' + events + '</table>' : '');
  }).join('');
}
async function refresh() {
  try { render(await (await fetch('/status.json')).json()); } catch (err) { root.textContent = 'cannot reach Inlet: ' + err; }
}
refresh();
setInterval(refresh, 5000);
try {
  const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/events/ws');
  let pending = false;
  ws.onmessage = () => { if (!pending) { pending = true; setTimeout(() => { pending = false; refresh(); }, 300); } };
} catch (err) { /* polling only */ }
</script>
</body>
</html>
`;

/** `dashboardHandler` serves the dashboard page at `/`. */
export function dashboardHandler(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
  if (url.pathname !== '/' && url.pathname !== '/index.html') {
    return false;
  }
  sendText(req, res, 200, PAGE, ContentType.html, 'no-cache');
  return true;
}
