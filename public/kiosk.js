// The self-service terminal's page script (an enhancement: every screen works without it):
// - the on-screen Ukrainian keyboard (ЙЦУКЕН with ʼ, і, ї, є, ґ and digits) types into the focused field;
// - idle reset: after data-idle-seconds without a touch, every form is emptied and the kiosk goes back to
//   its start (the server keeps nothing of a visitor between screens);
// - the heartbeat every data-heartbeat-ms (POST, authenticated by the kiosk's HttpOnly cookie); when the
//   network is lost the page says so, holds taps on links, and recovers by itself;
// - the «Друкувати» button of a ticket page.
(function () {
  'use strict';
  var body = document.body;

  var printButton = document.querySelector('[data-print]');
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener('click', function () { window.print(); });
  }
  if (!body.classList.contains('kiosk')) return;

  // No context menu, no pinch, no drag of links or text out of the kiosk.
  document.addEventListener('contextmenu', function (e) { e.preventDefault(); });
  document.addEventListener('dragstart', function (e) { e.preventDefault(); });

  // ---- On-screen keyboard ----
  var fields = document.querySelectorAll('input[data-osk]');
  var target = null;
  var shift = false;
  var ROWS = [
    ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '⌫'],
    ['й', 'ц', 'у', 'к', 'е', 'н', 'г', 'ш', 'щ', 'з', 'х', 'ї'],
    ['ф', 'і', 'в', 'а', 'п', 'р', 'о', 'л', 'д', 'ж', 'є'],
    ['⇧', 'ґ', 'я', 'ч', 'с', 'м', 'и', 'т', 'ь', 'б', 'ю', 'ʼ'],
    ['-', '_', ' ', '.', '⏎'],
  ];
  var NAMES = { '⌫': 'Стерти', '⇧': 'Великі літери', ' ': 'Пробіл', '⏎': 'Готово', '-': 'Дефіс', '_': 'Підкреслення', '.': 'Крапка', 'ʼ': 'Апостроф' };
  var LABELS = { ' ': 'Пробіл', '⏎': 'Готово' };
  var keyboard = null;
  var letterButtons = [];

  function insert(text) {
    if (!target) return;
    var start = target.selectionStart, end = target.selectionEnd;
    var v = target.value;
    if (start === null || start === undefined) { start = v.length; end = v.length; }
    var max = target.maxLength > 0 ? target.maxLength : Infinity;
    if (v.length - (end - start) + text.length > max) return;
    target.value = v.slice(0, start) + text + v.slice(end);
    try { target.setSelectionRange(start + text.length, start + text.length); } catch (e) { /* type=password/search may refuse */ }
    target.dispatchEvent(new Event('input', { bubbles: true }));
  }
  function backspace() {
    if (!target) return;
    var start = target.selectionStart, end = target.selectionEnd, v = target.value;
    if (start === null || start === undefined) { start = v.length; end = v.length; }
    if (start === end && start > 0) start -= 1;
    target.value = v.slice(0, start) + v.slice(end);
    try { target.setSelectionRange(start, start); } catch (e) { /* as above */ }
    target.dispatchEvent(new Event('input', { bubbles: true }));
  }
  function setShift(on) {
    shift = on;
    for (var i = 0; i < letterButtons.length; i++) {
      var b = letterButtons[i];
      b.textContent = shift ? b.dataset.key.toUpperCase() : b.dataset.key;
    }
    var s = keyboard && keyboard.querySelector('[data-key="⇧"]');
    if (s) { s.setAttribute('aria-pressed', shift ? 'true' : 'false'); s.classList.toggle('osk-on', shift); }
  }
  function press(key) {
    if (key === '⌫') return backspace();
    if (key === '⇧') return setShift(!shift);
    if (key === '⏎') {
      if (target && target.form) {
        if (target.form.requestSubmit) target.form.requestSubmit(); else target.form.submit();
      }
      return;
    }
    insert(shift ? key.toUpperCase() : key);
    if (shift) setShift(false);
  }
  function build() {
    keyboard = document.createElement('div');
    keyboard.className = 'osk';
    keyboard.setAttribute('role', 'group');
    keyboard.setAttribute('aria-label', 'Екранна клавіатура');
    keyboard.hidden = true;
    ROWS.forEach(function (row) {
      var r = document.createElement('div');
      r.className = 'osk-row';
      row.forEach(function (key) {
        var b = document.createElement('button');
        b.type = 'button';
        b.dataset.key = key;
        b.textContent = LABELS[key] || key;
        if (NAMES[key]) b.setAttribute('aria-label', NAMES[key]);
        if (key === '⇧') b.setAttribute('aria-pressed', 'false');
        if (key === ' ') b.className = 'osk-space';
        else if (key === '⏎') b.className = 'osk-wide osk-enter';
        else if (key === '⌫' || key === '⇧') b.className = 'osk-wide';
        if (/^[а-яіїєґ]$/.test(key)) letterButtons.push(b);
        // Keep the focus in the field: the key must not take it.
        b.addEventListener('mousedown', function (e) { e.preventDefault(); });
        b.addEventListener('click', function () { press(key); if (target) target.focus(); });
        r.appendChild(b);
      });
      keyboard.appendChild(r);
    });
    body.appendChild(keyboard);
  }
  if (fields.length) {
    build();
    for (var i = 0; i < fields.length; i++) {
      fields[i].setAttribute('inputmode', 'none');
      fields[i].addEventListener('focus', function (e) { target = e.target; keyboard.hidden = false; });
    }
    document.addEventListener('pointerdown', function (e) {
      if (!keyboard.contains(e.target) && !(e.target.matches && e.target.matches('input[data-osk]'))) keyboard.hidden = true;
    });
  }

  // ---- Idle reset ----
  var idleMs = Number(body.dataset.idleSeconds || 60) * 1000;
  var start = body.dataset.start;
  var lastTouch = Date.now();
  ['pointerdown', 'touchstart', 'keydown', 'input'].forEach(function (ev) {
    document.addEventListener(ev, function () { lastTouch = Date.now(); }, { passive: true, capture: true });
  });
  function reset() {
    var forms = document.forms;
    for (var i = 0; i < forms.length; i++) {
      forms[i].reset();
      var inputs = forms[i].querySelectorAll('input:not([type=hidden])');
      for (var j = 0; j < inputs.length; j++) inputs[j].value = '';
    }
    if (keyboard) keyboard.hidden = true;
    if (location.pathname !== start || location.search !== '') location.replace(start);
    lastTouch = Date.now();
  }
  setInterval(function () { if (Date.now() - lastTouch >= idleMs) reset(); }, 1000);

  // ---- Heartbeat and the connection message ----
  var banner = document.getElementById('kiosk-offline');
  var offline = false;
  function setOffline(on) {
    offline = on;
    if (banner) banner.hidden = !on;
  }
  var meta = document.querySelector('meta[name=csrf-token]');
  var csrf = meta ? meta.getAttribute('content') : '';
  function beat() {
    fetch(body.dataset.heartbeat, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
      body: '{}',
      cache: 'no-store',
    }).then(function (res) {
      // Unpaired or revoked: the start address shows the pairing form. (A stale CSRF token is a 403 too:
      // reloading the start gives a fresh one.)
      if (res.status === 401 || res.status === 403) { location.replace(start); return; }
      setOffline(!res.ok && res.status !== 429);
    }, function () { setOffline(true); });
  }
  var every = Number(body.dataset.heartbeatMs || 30000);
  setInterval(function () { beat(); }, every);
  // While offline, try again every five seconds, so the page recovers soon after the network does.
  setInterval(function () { if (offline) beat(); }, 5000);
  window.addEventListener('offline', function () { setOffline(true); });
  window.addEventListener('online', beat);
  // A tap on a link or a form while offline would show the browser's own error page: hold it.
  document.addEventListener('click', function (e) {
    if (!offline) return;
    var a = e.target.closest && e.target.closest('a[href], button[type=submit]');
    if (a) { e.preventDefault(); beat(); }
  }, true);
  document.addEventListener('submit', function (e) { if (offline) e.preventDefault(); }, true);
})();
