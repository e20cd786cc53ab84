// Plan review: say so when an autosave could not reach the server (the text stays on
// the page; the next change tries again). No inline scripts; texts come from the page.
(function () {
  "use strict";

  function statusFor(form) {
    var selector = form && form.dataset ? form.dataset.autosaveStatus : null;
    return selector ? document.querySelector(selector) : null;
  }

  function showError(event) {
    var form = event.target && event.target.closest && event.target.closest("form[data-autosave-status]");
    var status = statusFor(form);
    if (!status) return;
    status.textContent = form.dataset.autosaveError || "Not saved";
    status.classList.remove("is-saved");
    status.classList.add("is-error");
  }

  document.addEventListener("htmx:sendError", showError);
  document.addEventListener("htmx:responseError", showError);
})();
