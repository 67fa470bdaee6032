// The downloads page: asks the edge for each file's size (HEAD) and fetches a range on request, showing
// the edge's X-Cache for both. State on window.streamedgeDownloads for tests.
(function () {
  'use strict';
  var results = window.streamedgeDownloads = [];
  function human(bytes) {
    if (bytes >= 1073741824) { return (bytes / 1073741824).toFixed(2) + ' GiB'; }
    if (bytes >= 1048576) { return (bytes / 1048576).toFixed(1) + ' MiB'; }
    if (bytes >= 1024) { return (bytes / 1024).toFixed(1) + ' KiB'; }
    return bytes + ' B';
  }
  function shortCache(v) { return v ? v.replace(/ from .*/, '') : '–'; }
  Array.prototype.forEach.call(document.querySelectorAll('tr[data-url]'), function (row) {
    var url = row.dataset.url;
    var entry = { url: url, status: 0, size: null, xCache: null, range: null };
    results.push(entry);
    var size = row.querySelector('.size');
    var cache = row.querySelector('.cache');
    fetch(url, { method: 'HEAD', cache: 'no-store' }).then(function (r) {
      entry.status = r.status;
      entry.xCache = r.headers.get('X-Cache');
      cache.textContent = shortCache(entry.xCache);
      if (!r.ok) { size.textContent = 'HTTP ' + r.status; return; }
      var n = parseInt(r.headers.get('Content-Length') || '', 10);
      entry.size = isNaN(n) ? null : n;
      size.textContent = entry.size === null ? '?' : human(entry.size);
      size.title = entry.size === null ? '' : entry.size + ' bytes';
    }).catch(function (e) { size.textContent = 'failed'; entry.status = -1; });
    var out = row.querySelector('.range-result');
    row.querySelector('button.range').addEventListener('click', function () {
      out.textContent = '…';
      fetch(url, { headers: { Range: 'bytes=0-1048575' }, cache: 'no-store' }).then(function (r) {
        return r.arrayBuffer().then(function (body) {
          entry.range = { status: r.status, contentRange: r.headers.get('Content-Range'), bytes: body.byteLength,
            xCache: r.headers.get('X-Cache') };
          out.textContent = r.status + ' ' + (r.headers.get('Content-Range') || '') + ' · ' + human(body.byteLength)
            + ' · ' + shortCache(r.headers.get('X-Cache'));
        });
      }).catch(function () { out.textContent = 'failed'; });
    });
  });
})();
