// Starts the official Web Chat against Hearken's own Direct Line. Kept as an external file
// because the page's Content-Security-Policy allows no inline script.
(function () {
  'use strict';
  var host = document.getElementById('hearken-webchat');
  var origin = window.location.origin;
  var shown = document.getElementById('hearken-origin');
  if (shown) shown.textContent = origin;
  var params = new URLSearchParams(window.location.search);
  var locale = params.get('locale') || navigator.language || 'en';
  var directLineUrl = origin + '/v3/directline';
  // Per tab, so a reload continues the same conversation but a new tab starts fresh.
  var savedKey = 'hearken.chat.' + locale;

  function post(path, token, body) {
    var headers = { 'content-type': 'application/json' };
    if (token) headers.authorization = 'Bearer ' + token;
    return fetch(directLineUrl + path, { method: 'POST', headers: headers, body: JSON.stringify(body || {}) }).then(function (res) {
      if (!res.ok) throw new Error(path + ' answered ' + res.status);
      return res.json();
    });
  }

  function resume() {
    var saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(savedKey) || 'null'); } catch (e) { saved = null; }
    if (!saved || !saved.token || !saved.conversationId) return Promise.reject(new Error('nothing to resume'));
    return post('/tokens/refresh', saved.token).then(function (fresh) {
      return { conversationId: fresh.conversationId, token: fresh.token, resumed: true };
    });
  }

  function fresh() {
    return post('/tokens/generate', null, { locale: locale }).then(function (issued) {
      return { conversationId: issued.conversationId, token: issued.token, resumed: false };
    });
  }

  resume().catch(fresh).then(function (session) {
    function remember(token) {
      try { sessionStorage.setItem(savedKey, JSON.stringify({ conversationId: session.conversationId, token: token })); } catch (e) { /* private mode */ }
    }
    remember(session.token);
    var options = { domain: directLineUrl, token: session.token, webSocket: params.get('transport') !== 'polling' };
    // Resuming: directlinejs then reconnects with GET /conversations/:id and the stream replays the history.
    if (session.resumed) options.conversationId = session.conversationId;
    var directLine = window.WebChat.createDirectLine(options);
    // directlinejs refreshes its token every 15 minutes without telling the page, and a refresh
    // retires the old token after a minute: keep the newest one, so a reload can still resume.
    var keepNewest = function () { if (directLine.token) remember(directLine.token); };
    setInterval(keepNewest, 30 * 1000);
    window.addEventListener('pagehide', keepNewest);
    window.WebChat.renderWebChat({
      directLine: directLine,
      locale: locale,
      sendTypingIndicator: true,
      styleOptions: {
        hideUploadButton: true,
        botAvatarInitials: 'H',
        accent: '#0b4f6c',
        bubbleBorderRadius: 8,
        bubbleFromUserBorderRadius: 8,
        suggestedActionLayout: 'flow'
      }
    }, host);
    host.setAttribute('data-conversation-id', session.conversationId);
  }).catch(function (error) {
    host.textContent = 'The chat could not start (' + error.message + '). Please reload the page.';
  });
})();
