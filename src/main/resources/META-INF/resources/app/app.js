// The handout's print button: a script file of its own, because the pages' Content-Security-Policy allows no inline script.
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.addEventListener('click', function () { window.print(); });
  });
});
