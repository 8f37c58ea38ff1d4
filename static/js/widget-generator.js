/*
 * Le Mois de l'ESS — widget generator page (templates/widget/generator.html): shows the
 * "Copier le code" buttons (hidden without JavaScript, where the code stays selectable) and
 * copies the snippet, saying so in the French live region beside the button. The live
 * preview itself is htmx's (the form's hx-get). Never throws when the clipboard is refused.
 */
(function () {
  "use strict";

  function reveal() {
    document.querySelectorAll("[data-copy][hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }

  function say(status, key) {
    if (status) {
      status.textContent = "";
      // A fresh text, even the same as before, is announced again.
      window.setTimeout(function () {
        status.textContent = status.getAttribute(key) || "";
      }, 50);
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (!button) {
      return;
    }
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById("widget-copy-status");
    if (!field) {
      return;
    }
    function fallback() {
      field.focus();
      field.select();
      say(status, "data-select");
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(field.value).then(function () {
        say(status, "data-copied");
      }, fallback);
    } else {
      fallback();
    }
  });

  document.addEventListener("DOMContentLoaded", reveal);
  document.addEventListener("htmx:afterSettle", reveal);
})();
