// A notice that waits for a worker's job ("正在检查…"): ask its status address every few
// seconds and, once the job has answered, show the answer in its place. Used by the back
// office's pages whose check runs on the worker; a file of the site's own, as the CSP wants.
(function () {
  "use strict";
  function follow(notice) {
    var url = notice.getAttribute("data-job-status");
    var tries = 0;
    function ask() {
      tries += 1;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (answer) {
          if (answer && answer.state === "done") {
            notice.textContent = answer.text;
            notice.removeAttribute("data-job-status");
            notice.classList.remove("help-info");
            notice.classList.add(answer.clean ? "help-info" : "help-warning");
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
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-job-status]"), follow);
})();
