// The desk works without this script; it only moves focus to a refused form's list of problems and asks before a final step.
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var summary = document.getElementById('error-summary');
    if (summary) summary.focus();
    var forms = document.querySelectorAll('form[data-confirm]');
    for (var i = 0; i < forms.length; i++) {
      forms[i].addEventListener('submit', function (event) {
        var message = event.currentTarget.getAttribute('data-confirm');
        if (message && !window.confirm(message)) event.preventDefault();
      });
    }
  });
})();
