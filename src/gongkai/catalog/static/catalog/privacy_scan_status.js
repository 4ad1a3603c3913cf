// The page editor while the privacy gate's scan runs on the worker: ask the scan's status
// every few seconds and, once it is there, put the answer in place of the "checking…"
// notice. A file of the site's own (the admin's CSP allows no script from elsewhere).
(function () {
  "use strict";
  var path = window.location.pathname;
  var match = path.match(/\/pages\/(\d+)\/edit\/$/);
  var notice = document.querySelector(".messages li.privacy-scan-checking");
  if (!match || !notice) {
    return;
  }
  var url = path.slice(0, match.index) + "/privacy-scan/" + match[1] + "/";
  var tries = 0;

  function show(answer) {
    Array.prototype.slice.call(notice.childNodes).forEach(function (node) {
      if (node.nodeType === Node.TEXT_NODE) {
        notice.removeChild(node);
      }
    });
    notice.appendChild(document.createTextNode(answer.text));
    notice.classList.remove("privacy-scan-checking", "info");
    notice.classList.add(answer.clean ? "success" : "warning");
  }

  function ask() {
    tries += 1;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (answer) {
        if (answer && answer.state === "done") {
          show(answer);
        } else if (tries < 200) {
          window.setTimeout(ask, 3000);
        }
      })
      .catch(function () {
        if (tries < 200) {
          window.setTimeout(ask, 10000);
        }
      });
  }

  window.setTimeout(ask, 2000);
})();
