// Open City's filters: folded on phones so the reports come first, opened here on wide screens. An
// enhancement only: without this script the filters are one tap on «Фільтри» away.
(function () {
  'use strict';
  if (!window.matchMedia || !window.matchMedia('(min-width: 40rem)').matches) return;
  var boxes = document.querySelectorAll('details.oc-filter-box');
  for (var i = 0; i < boxes.length; i++) boxes[i].open = true;
})();
