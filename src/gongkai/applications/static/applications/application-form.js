// Show only the fields of the applicant kind chosen; without JavaScript both parts show.
(function () {
  "use strict";
  var form = document.querySelector(".application-form");
  if (!form) return;
  function show() {
    var chosen = form.querySelector('input[name="applicant_kind"]:checked');
    form.querySelectorAll("[data-kind]").forEach(function (part) {
      part.hidden = chosen !== null && part.dataset.kind !== chosen.value;
    });
  }
  form.addEventListener("change", show);
  show();
})();
