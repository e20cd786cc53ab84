// binhdang: small progressive enhancements only. Every page works without this file.
// No inline scripts anywhere (a strict Content Security Policy stays possible): behaviour
// is attached here through data-* attributes, and texts come from the page (translated).
(function () {
  "use strict";

  // <input type="password" data-password-toggle data-show-label="…" data-hide-label="…">
  // gets a "show / hide" button next to it.
  function enhancePasswordFields(root) {
    root.querySelectorAll("input[type=password][data-password-toggle]").forEach(function (input) {
      if (input.dataset.enhanced) return;
      input.dataset.enhanced = "1";
      var wrapper = document.createElement("div");
      wrapper.className = "password-field";
      input.parentNode.insertBefore(wrapper, input);
      wrapper.appendChild(input);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "password-toggle";
      button.setAttribute("aria-controls", input.id);
      button.setAttribute("aria-pressed", "false");
      var showLabel = input.dataset.showLabel || "Show";
      var hideLabel = input.dataset.hideLabel || "Hide";
      button.textContent = showLabel;
      button.addEventListener("click", function () {
        var shown = input.type === "text";
        input.type = shown ? "password" : "text";
        button.textContent = shown ? showLabel : hideLabel;
        button.setAttribute("aria-pressed", shown ? "false" : "true");
        input.focus();
      });
      wrapper.appendChild(button);
    });
  }

  // <form data-confirm="Are you sure…?"> asks before it is sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    // <form data-submit-once>: no double posting on a slow network. The button is
    // disabled after the browser has collected the form data (its name/value is kept).
    if (form.hasAttribute && form.hasAttribute("data-submit-once")) {
      var buttons = form.querySelectorAll("button[type=submit], input[type=submit]");
      window.setTimeout(function () {
        buttons.forEach(function (b) {
          b.disabled = true;
          b.setAttribute("aria-busy", "true");
        });
      }, 0);
    }
  });

  // Coming back with the browser's back button re-enables what data-submit-once disabled.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submit-once] [aria-busy=true]").forEach(function (b) {
      b.disabled = false;
      b.removeAttribute("aria-busy");
    });
  });

  // <button data-print> prints the page.
  document.addEventListener("click", function (event) {
    var trigger = event.target.closest && event.target.closest("[data-print]");
    if (trigger) {
      event.preventDefault();
      window.print();
    }
  });

  function init(root) {
    enhancePasswordFields(root);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      init(document);
    });
  } else {
    init(document);
  }
  // Content swapped in by htmx gets the same treatment.
  document.addEventListener("htmx:load", function (event) {
    init(event.target);
  });
})();
