/*
 * Le Mois de l'ESS — search page: the counts beside the filter values.
 *
 * A results fragment (htmx) does not send the filter form again, only its counts, as data in
 * #facet-counts ({"theme-travailler": 12, "departement-35": 3, …}): this script writes them
 * into "(12)" beside each checkbox and into the region and département options, whose text
 * patterns (with the plural forms, from the server's translations) are on their <select>.
 * Numbers are written the French way with Intl.NumberFormat("fr-FR"). Without JavaScript there
 * are no fragments: the whole page comes with its counts.
 */
(function () {
  "use strict";

  var format = new Intl.NumberFormat("fr-FR");

  function optionText(option, n) {
    var select = option.closest("select");
    // The French plural rule: 0 and 1 take the singular.
    var pattern = (select && select.getAttribute(n <= 1 ? "data-one" : "data-other")) || "{label} ({n})";
    return pattern.replace("{label}", option.getAttribute("data-label")).replace("{n}", format.format(n));
  }

  function applyCounts() {
    var holder = document.getElementById("facet-counts");
    var raw = holder && holder.getAttribute("data-counts");
    if (!raw) {
      return;
    }
    var counts;
    try {
      counts = JSON.parse(raw);
    } catch (e) {
      return;
    }
    holder.removeAttribute("data-counts");
    Object.keys(counts).forEach(function (key) {
      var span = document.getElementById("facet-" + key);
      if (span) {
        span.textContent = "(" + format.format(counts[key]) + ")";
      }
    });
    document.querySelectorAll("option[data-count]").forEach(function (option) {
      var n = counts[option.getAttribute("data-count")];
      if (typeof n === "number") {
        option.textContent = optionText(option, n);
      }
    });
  }

  document.addEventListener("htmx:afterSettle", applyCounts);
})();
