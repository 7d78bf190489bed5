// Hearken chat launcher. Paste on any page:
//   <script src="https://YOUR-HEARKEN-HOST/embed.js" defer></script>
// It adds a button that opens the chat in an iframe served by Hearken, so the
// host page needs no Web Chat bundle and its own CSP only has to allow the frame.
(function () {
  'use strict';
  if (window.__hearkenEmbed) return;
  window.__hearkenEmbed = true;
  var script = document.currentScript;
  var origin = new URL(script ? script.src : '/', window.location.href).origin;
  var locale = (script && script.getAttribute('data-locale')) || document.documentElement.lang || navigator.language || 'en';
  var label = /^zh/i.test(locale) ? (/Hant|TW|HK|MO/i.test(locale) ? '客戶服務' : '客户服务') : 'Customer care';

  var button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.setAttribute('aria-expanded', 'false');
  button.style.cssText = 'position:fixed;right:20px;bottom:20px;z-index:2147483646;padding:12px 18px;border:0;border-radius:24px;background:#0b4f6c;color:#fff;font:15px sans-serif;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.3)';

  var frame = null;
  button.addEventListener('click', function () {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.title = label;
      frame.src = origin + '/chat?locale=' + encodeURIComponent(locale);
      frame.style.cssText = 'position:fixed;right:20px;bottom:76px;z-index:2147483647;width:380px;max-width:calc(100vw - 40px);height:560px;max-height:calc(100vh - 100px);border:1px solid #cbd2d9;border-radius:8px;background:#fff;box-shadow:0 4px 16px rgba(0,0,0,.25)';
      document.body.appendChild(frame);
    } else {
      frame.hidden = !frame.hidden;
    }
    button.setAttribute('aria-expanded', String(!frame.hidden));
  });
  document.body.appendChild(button);
})();
