// The budget ballot: updates the «залишилось» numbers as boxes are ticked. An enhancement only: without
// this script the same numbers are computed by the server each time the page is submitted.
(function () {
  'use strict';
  var form = document.querySelector('form[data-ballot]');
  if (!form) return;
  var maxCategory = form.dataset.maxCategory ? Number(form.dataset.maxCategory) : null;
  var maxTotal = form.dataset.maxTotal ? Number(form.dataset.maxTotal) : null;
  var elsewhere = Number(form.dataset.elsewhere || 0);
  var leftCategory = form.querySelector('[data-left="category"]');
  var leftTotal = form.querySelector('[data-left="total"]');
  function update() {
    var here = form.querySelectorAll('fieldset input[type="checkbox"]:checked').length;
    if (leftCategory && maxCategory !== null) leftCategory.textContent = String(Math.max(0, maxCategory - here));
    if (leftTotal && maxTotal !== null) leftTotal.textContent = String(Math.max(0, maxTotal - elsewhere - here));
  }
  form.addEventListener('change', update);
})();
