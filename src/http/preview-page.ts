/** `PlayerSources` are the manifests a player page offers: HLS (hls.js) and DASH or Smooth (dash.js). */
export interface PlayerSources {
  readonly hls: string | undefined;
  readonly dash: string | undefined;
}

/**
 * `previewPage` is the HTML of `/preview/<liveEventName>/`: a video element playing the live event's
 * HLS preview with hls.js (or natively where the browser plays HLS), with a switch to DASH (dash.js).
 * It exposes `window.inletPreview` (engine, errors, events) so operators and tests can read its state.
 */
export function previewPage(liveEventName: string): string {
  return playerPage(liveEventName, { hls: 'index.m3u8', dash: 'index.mpd' });
}

/**
 * `playerPage` is the player page of `sources` (see `previewPage`): `/play?url=<manifest URL>` uses it
 * for any manifest, e.g. a streaming locator URL, choosing the engine by the format (HLS formats in
 * hls.js, DASH and Smooth Streaming in dash.js).
 */
export function playerPage(heading: string, sources: PlayerSources): string {
  const title = escapeHtml(heading);
  const hlsSrc = JSON.stringify(sources.hls ?? null).replace(/</g, '\\u003c');
  const dashSrc = JSON.stringify(sources.dash ?? null).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Inlet player</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 0; background: #111; color: #eee; }
  header { display: flex; gap: 1rem; align-items: center; padding: .6rem 1rem; background: #1c1c1c; }
  header h1 { font-size: 1rem; margin: 0; font-weight: 600; }
  video { display: block; width: 100%; max-height: 80vh; background: #000; }
  #stats { padding: .5rem 1rem; font-family: ui-monospace, monospace; white-space: pre; color: #aaa; }
  #error { padding: .5rem 1rem; color: #ff8080; }
  button { background: #333; color: #eee; border: 1px solid #555; padding: .3rem .8rem; cursor: pointer; }
  button[aria-pressed="true"] { background: #2d5fa8; border-color: #2d5fa8; }
</style>
</head>
<body>
<header>
  <h1>${title}</h1>
  <button id="hls" aria-pressed="false">HLS</button>
  <button id="dash" aria-pressed="false">DASH</button>
  <label><input type="checkbox" id="lowlatency" checked> low latency</label>
</header>
<video id="video" controls muted autoplay playsinline></video>
<div id="error" role="alert"></div>
<div id="stats"></div>
<script src="/player/hls.min.js"></script>
<script src="/player/dash.all.min.js"></script>
<script src="/player/dash.mss.min.js"></script>
<script>
(() => {
  const HLS_SRC = ${hlsSrc};
  const DASH_SRC = ${dashSrc};
  const video = document.getElementById('video');
  const errorBox = document.getElementById('error');
  const statsBox = document.getElementById('stats');
  const state = { engine: null, errors: [], events: [], player: null, playerEnded: false };
  window.inletPreview = state;
  function fail(msg) { state.errors.push(msg); errorBox.textContent = msg; }
  function destroy() {
    if (state.player && state.player.destroy) { state.player.destroy(); }
    if (state.player && state.player.reset) { state.player.reset(); }
    state.player = null;
    video.removeAttribute('src');
    video.load();
  }
  function playHls() {
    destroy();
    state.engine = 'hls';
    const src = HLS_SRC;
    const lowLatency = document.getElementById('lowlatency').checked;
    if (window.Hls && Hls.isSupported()) {
      // An encoder reconnect leaves a hole of a few frames at the discontinuity (the new run's first
      // picture is presented a composition offset after its decode time, its audio starts a little
      // later, the old run's audio may stop short of its video); hls.js skips holes up to maxBufferHole
      // in every stall state, and its default (0.1 s) is smaller than such a hole.
      const hls = new Hls({ lowLatencyMode: lowLatency, liveDurationInfinity: true, maxBufferHole: 0.5 });
      hls.on(Hls.Events.ERROR, (_e, d) => {
        state.events.push('hls error ' + d.details + (d.fatal ? ' (fatal)' : ''));
        if (d.fatal) { fail('HLS: ' + d.type + ' / ' + d.details); }
      });
      hls.loadSource(src);
      hls.attachMedia(video);
      state.player = hls;
    } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
      video.src = src;
    } else {
      fail('this browser cannot play HLS');
    }
    video.play().catch(() => {});
    mark('hls');
  }
  function playDash() {
    destroy();
    state.engine = 'dash';
    const player = dashjs.MediaPlayer().create();
    const lowLatency = document.getElementById('lowlatency').checked;
    player.updateSettings({ streaming: { delay: { liveDelay: lowLatency ? 4 : undefined } } });
    player.on(dashjs.MediaPlayer.events.ERROR, (e) => {
      const msg = e && e.error ? (e.error.message || e.error.code || JSON.stringify(e.error)) : 'unknown';
      state.events.push('dash error ' + msg);
      fail('DASH: ' + msg);
    });
    // dash.js ends a static presentation at its shortest track (Smooth) and then seeks there itself, so a
    // seek does not undo the end; playing again does.
    player.on(dashjs.MediaPlayer.events.PLAYBACK_ENDED, () => { state.playerEnded = true; });
    player.on(dashjs.MediaPlayer.events.PLAYBACK_PLAYING, () => { state.playerEnded = false; });
    player.initialize(video, DASH_SRC, true);
    state.player = player;
    mark('dash');
  }
  function mark(which) {
    document.getElementById('hls').setAttribute('aria-pressed', String(which === 'hls'));
    document.getElementById('dash').setAttribute('aria-pressed', String(which === 'dash'));
    errorBox.textContent = '';
    history.replaceState(null, '', '#' + which);
  }
  video.addEventListener('error', () => fail('video element: ' + (video.error ? video.error.message || video.error.code : 'error')));
  document.getElementById('hls').onclick = playHls;
  document.getElementById('dash').onclick = playDash;
  document.getElementById('hls').hidden = HLS_SRC === null;
  document.getElementById('dash').hidden = DASH_SRC === null;
  setInterval(() => {
    const b = video.buffered.length ? video.buffered.end(video.buffered.length - 1) - video.currentTime : 0;
    let latency = '';
    if (state.player && state.player.latency !== undefined) { latency = state.player.latency.toFixed(2) + ' s'; }
    if (state.player && state.player.getCurrentLiveLatency) { latency = state.player.getCurrentLiveLatency().toFixed(2) + ' s'; }
    statsBox.textContent = 'engine ' + state.engine + '  time ' + video.currentTime.toFixed(2) +
      ' s  buffer ' + b.toFixed(2) + ' s  latency ' + latency + '  ' + video.videoWidth + 'x' + video.videoHeight;
  }, 500);
  if (HLS_SRC === null || (location.hash === '#dash' && DASH_SRC !== null)) { playDash(); } else { playHls(); }
})();
</script>
</body>
</html>
`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
