// Shows who is signed in, from the display cookie the sign-in sets (the signed cookies are HttpOnly).
(function () {
  'use strict';
  function cookie(name) {
    var parts = document.cookie ? document.cookie.split('; ') : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf('=');
      if (parts[i].substring(0, eq) === name) {
        return decodeURIComponent(parts[i].substring(eq + 1));
      }
    }
    return '';
  }
  var user = cookie('StreamEdge-User');
  var signedIn = document.getElementById('signed-in');
  var signedOut = document.getElementById('signed-out');
  window.streamedgeUser = user || null;
  if (user) {
    document.getElementById('user').textContent = user;
    signedIn.hidden = false;
    signedOut.hidden = true;
  } else if (location.pathname !== '/signin') {
    signedOut.href = '/signin?next=' + encodeURIComponent(location.pathname);
  }
})();
