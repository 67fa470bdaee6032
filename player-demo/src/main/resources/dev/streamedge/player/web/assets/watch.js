// The watch page: plays the stream with hls.js, shows the quality levels, the live latency and what the
// edge did for each request (its X-Cache header, bytes, time). Its state is on window.streamedge, so a test
// (or a curious person in the console) can read it.
(function () {
  'use strict';
  var root = document.getElementById('watch');
  var video = document.getElementById('video');
  var quality = document.getElementById('quality');
  var state = window.streamedge = {
    state: 'loading', src: root.dataset.src, kind: root.dataset.kind, live: false,
    fatal: null, errors: [], recoveries: 0, stalls: 0,
    deniedStatus: null, deniedReason: null,
    playingFrom: null, currentTime: 0, played: 0, latency: null,
    levels: [], level: -1, requests: [], hits: 0, misses: 0, browserCache: 0, bytes: 0, errorCount: 0
  };
  var MAX_ROWS = 12;

  function $(id) { return document.getElementById(id); }

  function header(details, name) {
    if (!details) { return ''; }
    try {
      if (typeof details.getResponseHeader === 'function') { return details.getResponseHeader(name) || ''; }
      if (details.headers && typeof details.headers.get === 'function') { return details.headers.get(name) || ''; }
    } catch (e) { /* headers not readable */ }
    return '';
  }

  function statusOf(details) {
    return details && typeof details.status === 'number' ? details.status : 0;
  }

  function human(bytes) {
    if (bytes >= 1048576) { return (bytes / 1048576).toFixed(1) + ' MiB'; }
    if (bytes >= 1024) { return (bytes / 1024).toFixed(0) + ' KiB'; }
    return bytes + ' B';
  }

  function shortName(url) {
    var path = String(url || '').split('?')[0].split('#')[0];
    return path.substring(path.lastIndexOf('/') + 1);
  }

  function cacheClass(xcache) {
    if (/hit/i.test(xcache)) { return 'hit'; }
    if (/miss/i.test(xcache)) { return 'miss'; }
    return '';
  }

  // A response the browser took from its own HTTP cache carries the headers the edge sent the first
  // time; Resource Timing tells them apart (nothing transferred), so the panel does not count them.
  if (window.performance && performance.setResourceTimingBufferSize) {
    performance.setResourceTimingBufferSize(500);
    performance.addEventListener('resourcetimingbufferfull', function () { performance.clearResourceTimings(); });
  }
  function fromBrowserCache(url) {
    if (!url || !window.performance || !performance.getEntriesByName) { return false; }
    var list = performance.getEntriesByName(new URL(url, location.href).href);
    var e = list.length ? list[list.length - 1] : null;
    return !!e && e.transferSize === 0 && e.decodedBodySize > 0;
  }

  function record(type, url, status, xcache, bytes, ms) {
    var local = status > 0 && status < 400 && fromBrowserCache(url);
    if (local) { xcache = 'Browser cache'; }
    var r = { type: type, url: url, status: status, xCache: xcache, bytes: bytes, ms: ms, browserCache: local };
    state.requests.push(r);
    if (state.requests.length > 200) { state.requests.shift(); }
    var c = local ? 'local' : cacheClass(xcache);
    if (c === 'hit') { state.hits++; }
    if (c === 'miss') { state.misses++; }
    if (c === 'local') { state.browserCache++; }
    state.bytes += bytes || 0;
    $('hits').textContent = state.hits;
    $('misses').textContent = state.misses;
    $('bytes').textContent = human(state.bytes);
    var tr = document.createElement('tr');
    var cells = [shortName(url), String(status || '–'), local ? 'Browser' : (xcache ? xcache.replace(/ from .*/, '') : '–'),
      bytes ? human(bytes) : '–', ms >= 0 ? String(Math.round(ms)) : '–'];
    cells.forEach(function (text, i) {
      var td = document.createElement('td');
      td.textContent = text;
      if (i === 0) { td.title = url; }
      if (i === 1 && status >= 400) { td.className = 'err'; }
      if (i === 2) { td.className = c; td.title = xcache; }
      if (i >= 3) { td.className = 'num'; }
      tr.appendChild(td);
    });
    var body = $('requests');
    body.insertBefore(tr, body.firstChild);
    while (body.children.length > MAX_ROWS) { body.removeChild(body.lastChild); }
  }

  function elapsed(stats) {
    if (!stats || !stats.loading) { return -1; }
    return stats.loading.end - stats.loading.start;
  }

  function showDenied(status, reason) {
    state.state = 'denied';
    state.deniedStatus = status;
    state.deniedReason = reason;
    $('denied-reason').textContent = reason || (status + ' Forbidden');
    $('denied').hidden = false;
    quality.parentElement.hidden = true;
    video.removeAttribute('controls');
  }

  function showFailed(message) {
    state.state = 'error';
    $('failed-reason').textContent = message;
    $('failed').hidden = false;
  }

  function bodyText(details) {
    try {
      if (details && (details.responseType === '' || details.responseType === 'text')) {
        return String(details.responseText || '').trim().split('\n')[0].slice(0, 200);
      }
    } catch (e) { /* not text */ }
    return '';
  }

  video.addEventListener('playing', function () {
    if (state.playingFrom === null) { state.playingFrom = video.currentTime; }
    if (state.state === 'loading') { state.state = 'playing'; }
  });
  video.addEventListener('waiting', function () { state.stalls++; });
  video.addEventListener('timeupdate', function () {
    state.currentTime = video.currentTime;
    if (state.playingFrom !== null) { state.played = video.currentTime - state.playingFrom; }
  });

  if (!window.Hls || !window.Hls.isSupported()) {
    if (video.canPlayType('application/vnd.apple.mpegurl')) {
      video.src = state.src; // the browser plays HLS itself; no per-request panel then
      return;
    }
    showFailed('This browser cannot play HLS: it has no Media Source Extensions.');
    return;
  }

  var Hls = window.Hls;
  var hls = new Hls({ enableWorker: true, lowLatencyMode: false, backBufferLength: 60 });
  window.streamedgeHls = hls;

  hls.on(Hls.Events.MANIFEST_LOADED, function (e, data) {
    record('master', data.url, statusOf(data.networkDetails) || 200, header(data.networkDetails, 'X-Cache'),
      data.stats ? data.stats.loaded : 0, elapsed(data.stats));
  });
  hls.on(Hls.Events.LEVEL_LOADED, function (e, data) {
    var live = !!(data.details && data.details.live);
    if (live && !state.live) {
      state.live = true;
      $('live').hidden = false;
    }
    record('playlist', data.details ? data.details.url : '', statusOf(data.networkDetails) || 200,
      header(data.networkDetails, 'X-Cache'), data.stats ? data.stats.loaded : 0, elapsed(data.stats));
  });
  hls.on(Hls.Events.FRAG_LOADED, function (e, data) {
    var stats = data.frag && data.frag.stats;
    var bytes = data.payload && data.payload.byteLength ? data.payload.byteLength : (stats ? stats.loaded : 0);
    record('segment', data.frag ? data.frag.url : '', statusOf(data.networkDetails) || 200,
      header(data.networkDetails, 'X-Cache'), bytes, elapsed(stats));
  });
  hls.on(Hls.Events.MANIFEST_PARSED, function (e, data) {
    state.levels = data.levels.map(function (l, i) {
      return { index: i, height: l.height, width: l.width, bitrate: l.bitrate, name: l.name };
    });
    state.levels.forEach(function (l) {
      var o = document.createElement('option');
      o.value = String(l.index);
      o.textContent = (l.height ? l.height + 'p' : (l.name || 'level ' + l.index)) + ' · '
        + Math.round(l.bitrate / 1000) + ' kbps';
      quality.appendChild(o);
    });
    quality.disabled = state.levels.length < 2;
    var p = video.play();
    if (p && p.catch) { p.catch(function () { /* autoplay refused: the controls are there */ }); }
  });
  hls.on(Hls.Events.LEVEL_SWITCHED, function (e, data) {
    state.level = data.level;
    var l = state.levels[data.level];
    if (l) {
      $('level').textContent = 'playing ' + (l.height ? l.height + 'p' : l.name) + ' · '
        + Math.round(l.bitrate / 1000) + ' kbps' + (hls.autoLevelEnabled ? ' (auto)' : '');
    }
  });
  quality.addEventListener('change', function () {
    hls.currentLevel = parseInt(quality.value, 10);
  });
  hls.on(Hls.Events.ERROR, function (e, data) {
    var details = data.networkDetails;
    var status = (data.response && data.response.code) || statusOf(details);
    state.errors.push({ type: data.type, details: data.details, fatal: !!data.fatal, status: status });
    state.errorCount++;
    $('errors').textContent = state.errorCount;
    var url = data.url || (data.frag && data.frag.url) || (data.context && data.context.url) || '';
    if (details && status) {
      record('error', url, status, header(details, 'X-Cache'), 0, -1);
    }
    if (status === 403 && (data.fatal || data.type === Hls.ErrorTypes.NETWORK_ERROR)) {
      state.fatal = state.fatal || { type: data.type, details: data.details, status: status };
      hls.destroy();
      showDenied(status, bodyText(details));
      return;
    }
    if (!data.fatal) { return; }
    state.fatal = state.fatal || { type: data.type, details: data.details, status: status };
    if (data.type === Hls.ErrorTypes.MEDIA_ERROR && state.recoveries < 2) {
      state.recoveries++;
      hls.recoverMediaError();
      return;
    }
    hls.destroy();
    showFailed(data.details + (status ? ' (HTTP ' + status + ')' : ''));
  });

  setInterval(function () {
    if (!state.live) { return; }
    var latency = hls.latency;
    if (typeof latency === 'number' && isFinite(latency) && latency > 0) {
      state.latency = latency;
      $('latency').textContent = latency.toFixed(1) + ' s behind the live edge';
    }
  }, 500);

  hls.attachMedia(video);
  hls.loadSource(state.src);
})();
