// Behaviour of every public page, kept out of the HTML so that the Content-Security-Policy
// can forbid inline script and event handlers (gongkai/headers.py).
(function () {
  "use strict";
  // The language menu switches as soon as a language is chosen; without JavaScript the
  // form's own button (in <noscript>) does it.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      select.form.submit();
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
