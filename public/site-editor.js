// The site editor's live preview: as the editor types, the text is shown as the site will show it. The
// HTML comes from the server (POST …/manage/site/preview, with the form's CSRF token), so there is one
// Markdown renderer and it escapes everything; requests wait for a pause in typing. An enhancement only:
// without this script the «Переглянути» button shows the same preview after a round trip.
(function () {
  'use strict';
  var form = document.querySelector('form[data-live-preview]');
  if (!form || !window.fetch || !window.URLSearchParams) return;
  var url = form.getAttribute('data-live-preview');
  var token = form.querySelector('input[name="_csrf"]');
  var areas = [
    { name: 'body_uk', label: form.getAttribute('data-preview-label') },
    { name: 'body_en', label: form.getAttribute('data-preview-label-en') },
  ];
  areas.forEach(function (a) {
    var area = form.querySelector('textarea[name="' + a.name + '"]');
    if (!area) return;
    var box = document.createElement('section');
    box.className = 'cs-preview cs-live-preview';
    box.id = 'live-preview-' + a.name;
    box.setAttribute('aria-labelledby', box.id + '-title');
    var heading = document.createElement('h2');
    heading.id = box.id + '-title';
    heading.textContent = a.label || '';
    var out = document.createElement('div');
    out.className = 'cs-text';
    if (a.name === 'body_en') out.lang = 'en';
    box.appendChild(heading);
    box.appendChild(out);
    area.parentNode.insertBefore(box, area.nextSibling);
    var timer = null;
    var asked = 0;
    function render() {
      var n = ++asked;
      var body = new URLSearchParams();
      body.set('_csrf', token ? token.value : '');
      body.set('body', area.value);
      fetch(url, { method: 'POST', body: body, credentials: 'same-origin' })
        .then(function (res) {
          return res.ok ? res.text() : null;
        })
        .then(function (html) {
          // Only the answer to the latest text is shown; the server's HTML is escaped by construction.
          if (html !== null && n === asked) out.innerHTML = html;
        })
        .catch(function () {});
    }
    area.addEventListener('input', function () {
      // The server's preview of the text as it was (after «Переглянути») is now out of date.
      var old = document.querySelector('section.cs-preview:not(.cs-live-preview)');
      if (old) old.parentNode.removeChild(old);
      clearTimeout(timer);
      timer = setTimeout(render, 400);
    });
    if (area.value.trim()) render();
  });
})();
