// The private link carries code and secret in the fragment (#code=…&secret=…), which the
// browser never sends to a server; fill the form from it and submit.
(function () {
  "use strict";
  var params = new URLSearchParams(location.hash.slice(1));
  var form = document.querySelector(".tracking-form");
  if (!form || !params.get("code") || !params.get("secret")) return;
  form.elements.tracking_code.value = params.get("code");
  form.elements.secret.value = params.get("secret");
  history.replaceState(null, "", location.pathname);
  form.submit();
})();
